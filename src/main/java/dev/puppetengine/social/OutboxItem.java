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
 * earliest time of the next attempt (the rate-limit reset or the backoff); {@code approvedAt} is when a human approved
 * an item that awaited approval.
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
        @Nullable Instant postedAt,
        @Nullable Instant approvedAt) {

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

    /** A quote post: {@code quoteOfId} with {@code text} as its comment. */
    public boolean isQuote() {
        return quoteOfId != null;
    }

    /** Pending or dispatching: not known to be on the network, and not given up. */
    public boolean isUndelivered() {
        return status == OutboxStatus.PENDING || status == OutboxStatus.DISPATCHING;
    }

    /**
     * What to store: the post to send and the key of its cause. {@code target} is the post replied to, quoted or
     * liked as the network reported it (not stored): the platform policy ({@link PlatformPolicy}) reads its author
     * and text, so no lookup is needed; an action on a post without it is refused live.
     */
    public record Draft(
            PersonaId personaId,
            String idempotencyKey,
            String text,
            @Nullable String inReplyToId,
            @Nullable String quoteOfId,
            @Nullable String likedId,
            @Nullable Post target) {
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
            String targetId = inReplyToId != null ? inReplyToId : quoteOfId != null ? quoteOfId : likedId;
            if (target != null && !target.id().equals(targetId)) {
                throw new IllegalArgumentException("the target post " + target.id() + " is not " + targetId);
            }
        }

        public static Draft post(PersonaId personaId, String idempotencyKey, String text) {
            return new Draft(personaId, idempotencyKey, text, null, null, null, null);
        }

        public static Draft reply(PersonaId personaId, String idempotencyKey, String text, String inReplyToId) {
            return new Draft(personaId, idempotencyKey, text, inReplyToId, null, null, null);
        }

        /** A reply to {@code target}, which the platform policy checks. */
        public static Draft reply(PersonaId personaId, String idempotencyKey, String text, Post target) {
            return new Draft(personaId, idempotencyKey, text, target.id(), null, null, target);
        }

        /** A quote post of {@code quoteOfId} ({@code quote_tweet_id}) with {@code text} as its comment. */
        public static Draft quote(PersonaId personaId, String idempotencyKey, String text, String quoteOfId) {
            return new Draft(personaId, idempotencyKey, text, null, quoteOfId, null, null);
        }

        public static Draft quote(PersonaId personaId, String idempotencyKey, String text, Post target) {
            return new Draft(personaId, idempotencyKey, text, null, target.id(), null, target);
        }

        public static Draft like(PersonaId personaId, String idempotencyKey, String likedId) {
            return new Draft(personaId, idempotencyKey, "", null, null, likedId, null);
        }

        public static Draft like(PersonaId personaId, String idempotencyKey, Post target) {
            return new Draft(personaId, idempotencyKey, "", null, null, target.id(), target);
        }

        /** True for a reply. */
        public boolean isReply() {
            return inReplyToId != null;
        }

        /** True for a like. */
        public boolean isLike() {
            return likedId != null;
        }

        /** True for a quote post. */
        public boolean isQuote() {
            return quoteOfId != null;
        }
    }
}
