package dev.puppetengine.social;

import dev.puppetengine.persona.PersonaId;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's {@link Outbox}: every action is checked by the {@link PlatformPolicy} as it is stored (DESIGN §6.2).
 * One it stops is stored held or refused with the reason, never sent, and reported to the {@link RefusalLog} in the
 * same transaction. One it lets through that the persona's {@link ApprovalGate} gates waits for a human, stored
 * {@link OutboxStatus#AWAITING_APPROVAL} and reported to the gate in the same transaction. An action already stored
 * under its key is returned as stored, not checked again.
 */
public final class PolicedOutbox implements Outbox {

    private static final Logger log = LoggerFactory.getLogger(PolicedOutbox.class);

    private final Outbox store;
    private final PlatformPolicy policy;
    private final RefusalLog refusals;
    private final ApprovalGate approvals;

    /** @param policy checks against {@code store}, the outbox without a policy */
    public PolicedOutbox(Outbox store, PlatformPolicy policy, RefusalLog refusals) {
        this(store, policy, refusals, ApprovalGate.NONE);
    }

    public PolicedOutbox(Outbox store, PlatformPolicy policy, RefusalLog refusals, ApprovalGate approvals) {
        this.store = Objects.requireNonNull(store);
        this.policy = Objects.requireNonNull(policy);
        this.refusals = Objects.requireNonNull(refusals);
        this.approvals = Objects.requireNonNull(approvals);
    }

    @Override
    public OutboxItem enqueue(OutboxItem.Draft draft) {
        Optional<OutboxItem> existing = store.findByKey(draft.idempotencyKey());
        if (existing.isPresent()) {
            return existing.get();
        }
        Optional<PlatformPolicy.Stop> stop = policy.check(draft);
        if (stop.isPresent()) {
            return enqueueStopped(draft, stop.get());
        }
        if (!draft.isLike() && approvals.gates(draft)) {
            return enqueueForApproval(draft);
        }
        return store.enqueue(draft);
    }

    @Override
    public OutboxItem enqueueForApproval(OutboxItem.Draft draft) {
        Optional<OutboxItem> existing = store.findByKey(draft.idempotencyKey());
        if (existing.isPresent()) {
            return existing.get();
        }
        OutboxItem waiting = store.enqueueForApproval(draft);
        log.info("{}: {} awaits approval", draft.personaId(), draft.idempotencyKey());
        approvals.awaiting(waiting);
        return waiting;
    }

    @Override
    public boolean markApproved(long id, @Nullable String text, Instant at) {
        return store.markApproved(id, text, at);
    }

    @Override
    public boolean markRejected(long id, String reason, Instant at) {
        return store.markRejected(id, reason, at);
    }

    @Override
    public boolean markApprovalExpired(long id, String reason, Instant at) {
        return store.markApprovalExpired(id, reason, at);
    }

    @Override
    public OutboxItem enqueueStopped(OutboxItem.Draft draft, PlatformPolicy.Stop stop) {
        Optional<OutboxItem> existing = store.findByKey(draft.idempotencyKey());
        if (existing.isPresent()) {
            return existing.get();
        }
        OutboxItem stopped = store.enqueueStopped(draft, stop);
        log.info(
                "{}: {} {} {}",
                draft.personaId(),
                stop.status() == OutboxStatus.HELD ? "held" : "refused",
                draft.idempotencyKey(),
                stop.reason());
        refusals.stopped(stopped);
        return stopped;
    }

    @Override
    public Optional<PlatformPolicy.Stop> screenReply(PersonaId personaId, Post mention) {
        return policy.screenReply(personaId, mention);
    }

    @Override
    public Optional<OutboxItem> findByKey(String idempotencyKey) {
        return store.findByKey(idempotencyKey);
    }

    @Override
    public Optional<OutboxItem> find(long id) {
        return store.find(id);
    }

    @Override
    public List<OutboxItem> list(
            @Nullable PersonaId personaId, @Nullable OutboxStatus status, @Nullable Long beforeId, int limit) {
        return store.list(personaId, status, beforeId, limit);
    }

    @Override
    public List<OutboxItem> listByStatus(OutboxStatus status) {
        return store.listByStatus(status);
    }

    @Override
    public List<OutboxItem> listUndelivered(PersonaId personaId) {
        return store.listUndelivered(personaId);
    }

    @Override
    public boolean markDispatching(long id, Instant at) {
        return store.markDispatching(id, at);
    }

    @Override
    public boolean markPosted(long id, String remoteId, Instant at) {
        return store.markPosted(id, remoteId, at);
    }

    @Override
    public boolean markRetry(long id, String reason, Instant nextAttemptAt, Instant at) {
        return store.markRetry(id, reason, nextAttemptAt, at);
    }

    @Override
    public boolean markReclaimed(long id, int attempts, String reason, Instant nextAttemptAt, Instant at) {
        return store.markReclaimed(id, attempts, reason, nextAttemptAt, at);
    }

    @Override
    public boolean markUnanswered(long id, String reason, Instant nextAttemptAt, Instant at) {
        return store.markUnanswered(id, reason, nextAttemptAt, at);
    }

    @Override
    public boolean markFailed(long id, String reason, Instant at) {
        return store.markFailed(id, reason, at);
    }

    @Override
    public boolean markExpired(long id, String reason, Instant at) {
        return store.markExpired(id, reason, at);
    }

    @Override
    public int countSentSince(PersonaId personaId, Instant since) {
        return store.countSentSince(personaId, since);
    }

    @Override
    public boolean hasReplyTo(PersonaId personaId, String postId) {
        return store.hasReplyTo(personaId, postId);
    }

    @Override
    public boolean hasPosted(PersonaId personaId, String remoteId) {
        return store.hasPosted(personaId, remoteId);
    }
}
