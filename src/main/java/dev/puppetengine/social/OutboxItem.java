package dev.puppetengine.social;

import dev.puppetengine.persona.PersonaId;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One outgoing action of a persona — a post, a reply, a quote or a like — stored before it is sent (DESIGN §6.1).
 * {@code idempotencyKey} names the cause (a persona's scheduled slot, or the input reacted to) so the same cause never
 * yields a second item. A like has {@code likedId} and no text.
 * {@code dispatchedAt} is when the latest send started; {@code nextAttemptAt}, after a transient failure, is the
 * earliest time of the next attempt (the rate-limit reset or the backoff).
 */
public record OutboxItem(
        long id,
        PersonaId personaId,
        String idempotencyKey,
        String text,
        @Nullable String inReplyToId,
        @Nullable String quoteOfId,
        @Nullable String likedId,
        OutboxStatus status,
        @Nullable String remoteId,
        int attempts,
        @Nullable String reason,
        Instant createdAt,
        Instant updatedAt,
        @Nullable Instant dispatchedAt,
        @Nullable Instant nextAttemptAt,
        @Nullable Instant postedAt) {

    public OutboxItem {
        Objects.requireNonNull(personaId);
        Objects.requireNonNull(idempotencyKey);
        Objects.requireNonNull(text);
        Objects.requireNonNull(status);
    }

    /** True for a reply; replies do not count as original posts for the posting schedule. */
    public boolean isReply() {
        return inReplyToId != null;
    }

    /** True for a like: no text, sent as a like of {@code likedId}. */
    public boolean isLike() {
        return likedId != null;
    }

    /** True for an original post: not a reply, a quote or a like (DESIGN §4.3). */
    public boolean isOriginal() {
        return inReplyToId == null && quoteOfId == null && likedId == null;
    }

    /** Pending or dispatching: not known to be on the network, and not given up. */
    public boolean isUndelivered() {
        return status == OutboxStatus.PENDING || status == OutboxStatus.DISPATCHING;
    }

    /** What to store: the post to send and the key of its cause. */
    public record Draft(
            PersonaId personaId,
            String idempotencyKey,
            String text,
            @Nullable String inReplyToId,
            @Nullable String quoteOfId,
            @Nullable String likedId) {
        public Draft {
            Objects.requireNonNull(personaId);
            Objects.requireNonNull(text);
            if (idempotencyKey.isBlank() || idempotencyKey.length() > 128) {
                throw new IllegalArgumentException("idempotency key must be 1..128 characters: " + idempotencyKey);
            }
            if (likedId == null ? text.isBlank() : !text.isEmpty()) {
                throw new IllegalArgumentException(
                        likedId == null ? "an outbox post needs text" : "a like has no text");
            }
        }

        public static Draft post(PersonaId personaId, String idempotencyKey, String text) {
            return new Draft(personaId, idempotencyKey, text, null, null, null);
        }

        public static Draft reply(PersonaId personaId, String idempotencyKey, String text, String inReplyToId) {
            return new Draft(personaId, idempotencyKey, text, inReplyToId, null, null);
        }

        /** A quote post of {@code quoteOfId} ({@code quote_tweet_id}) with {@code text} as its comment. */
        public static Draft quote(PersonaId personaId, String idempotencyKey, String text, String quoteOfId) {
            return new Draft(personaId, idempotencyKey, text, null, quoteOfId, null);
        }

        public static Draft like(PersonaId personaId, String idempotencyKey, String likedId) {
            return new Draft(personaId, idempotencyKey, "", null, null, likedId);
        }
    }
}
