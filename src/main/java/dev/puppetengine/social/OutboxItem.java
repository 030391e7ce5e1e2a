package dev.puppetengine.social;

import dev.puppetengine.persona.PersonaId;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One outgoing post of a persona, stored before it is sent (DESIGN §6.1). {@code idempotencyKey} names the cause
 * (a persona's scheduled slot, or the input replied to) so the same cause never yields a second item.
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
            @Nullable String quoteOfId) {
        public Draft {
            Objects.requireNonNull(personaId);
            Objects.requireNonNull(text);
            if (idempotencyKey.isBlank() || idempotencyKey.length() > 128) {
                throw new IllegalArgumentException("idempotency key must be 1..128 characters: " + idempotencyKey);
            }
            if (text.isBlank()) {
                throw new IllegalArgumentException("an outbox post needs text");
            }
        }

        public static Draft post(PersonaId personaId, String idempotencyKey, String text) {
            return new Draft(personaId, idempotencyKey, text, null, null);
        }

        public static Draft reply(PersonaId personaId, String idempotencyKey, String text, String inReplyToId) {
            return new Draft(personaId, idempotencyKey, text, inReplyToId, null);
        }
    }
}
