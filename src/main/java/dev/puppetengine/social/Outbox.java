package dev.puppetengine.social;

import dev.puppetengine.persona.PersonaId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The record of every outgoing post (DESIGN §6.1). {@link #enqueue} joins the caller's transaction, so the item is
 * stored together with the state change that caused it. Status changes are compare-and-set: each returns false when
 * the item was not in the expected status. Thread-safe.
 */
public interface Outbox {

    /** Stores a pending item, or returns the item already stored under the draft's idempotency key. */
    OutboxItem enqueue(OutboxItem.Draft draft);

    Optional<OutboxItem> findByKey(String idempotencyKey);

    Optional<OutboxItem> find(long id);

    /** Newest first, optionally filtered by persona and status. */
    default List<OutboxItem> list(@Nullable PersonaId personaId, @Nullable OutboxStatus status, int limit) {
        return list(personaId, status, null, limit);
    }

    /**
     * Newest first, optionally filtered by persona and status; with {@code beforeId} only items with a smaller id
     * (the next page after an item).
     */
    List<OutboxItem> list(
            @Nullable PersonaId personaId, @Nullable OutboxStatus status, @Nullable Long beforeId, int limit);

    /** Items of any persona in {@code status}, oldest first. */
    List<OutboxItem> listByStatus(OutboxStatus status);

    /** The persona's pending and dispatching items, oldest first. */
    List<OutboxItem> listUndelivered(PersonaId personaId);

    /** pending → dispatching, counting the attempt and recording when the send started. */
    boolean markDispatching(long id, Instant at);

    /** dispatching → posted with the network's id. */
    boolean markPosted(long id, String remoteId, Instant at);

    /**
     * dispatching → pending after a failure that certainly left the network without the post, keeping the reason;
     * the next attempt comes no earlier than {@code nextAttemptAt}.
     */
    boolean markRetry(long id, String reason, Instant nextAttemptAt, Instant at);

    /**
     * dispatching → pending for an interrupted send that the network does not have, only while the item is still at
     * attempt {@code attempts}: a delivery that reclaimed and resent it meanwhile (another thread or node) counted
     * one more, so two deliveries that both found it interrupted can never both send it. False when it moved on.
     */
    boolean markReclaimed(long id, int attempts, String reason, Instant nextAttemptAt, Instant at);

    /**
     * Stays dispatching: the send got no answer (or the network could not be asked about it), so the post may be on
     * the network; it is looked up no earlier than {@code nextAttemptAt}.
     */
    boolean markUnanswered(long id, String reason, Instant nextAttemptAt, Instant at);

    /** dispatching → failed for good. */
    boolean markFailed(long id, String reason, Instant at);

    /** pending → expired: never sent, and too old to send now. */
    boolean markExpired(long id, String reason, Instant at);

    /**
     * Stores an action the platform policy stopped, as {@link OutboxStatus#HELD} or {@link OutboxStatus#REFUSED} with
     * its reason (never sent), or returns the item already stored under the draft's key.
     */
    OutboxItem enqueueStopped(OutboxItem.Draft draft, PlatformPolicy.Stop stop);

    /**
     * Stores an item that waits for a human ({@link OutboxStatus#AWAITING_APPROVAL}, never sent until approved), or
     * returns the item already stored under the draft's key.
     */
    OutboxItem enqueueForApproval(OutboxItem.Draft draft);

    /**
     * awaiting_approval → pending: approved, with {@code text} replacing the drafted text when not null; the send
     * follows the normal outbox path under the same idempotency key.
     */
    boolean markApproved(long id, @Nullable String text, Instant at);

    /** awaiting_approval → rejected with the reason: never sent. */
    boolean markRejected(long id, String reason, Instant at);

    /** awaiting_approval → expired with the reason: nobody approved it in time, never sent. */
    boolean markApprovalExpired(long id, String reason, Instant at);

    /**
     * The persona's posts, replies and quotes created since {@code since} that are sent, on their way or awaiting
     * approval.
     */
    int countSentSince(PersonaId personaId, Instant since);

    /** True when the persona has a reply to {@code postId} stored that was not refused. */
    boolean hasReplyTo(PersonaId personaId, String postId);

    /** True when {@code remoteId} is one of the persona's posted items. */
    boolean hasPosted(PersonaId personaId, String remoteId);

    /**
     * Before a reply to {@code mention} is drafted: why the platform policy would stop it, if it would (then no text
     * needs writing). An outbox without a policy stops nothing.
     */
    default Optional<PlatformPolicy.Stop> screenReply(PersonaId personaId, Post mention) {
        return Optional.empty();
    }
}
