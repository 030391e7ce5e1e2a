package dev.puppetengine.agent;

import dev.puppetengine.memory.Memory;
import dev.puppetengine.memory.MemoryBank;
import dev.puppetengine.memory.MemoryKind;
import dev.puppetengine.persona.PersonaId;
import dev.puppetengine.social.Outbox;
import dev.puppetengine.social.OutboxDispatcher;
import dev.puppetengine.social.OutboxItem;
import dev.puppetengine.social.OutboxStatus;
import dev.puppetengine.social.SocialNetwork;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionOperations;

/**
 * Sends a persona's outbox items and keeps the books (DESIGN §6.1): once an item is posted, the persona's state
 * (last post), a {@code post} memory and a {@code posted} decision are written in one transaction; a refusal, an
 * expiry or a transient failure is a decision too (a transient one once per item while the trouble lasts). Never sends an item twice, and never before its next attempt
 * ({@link OutboxDispatcher}). Originals and replies are delivered separately, so neither waits for the other: the
 * post-due step delivers the persona's waiting original ({@link #deliverOriginal}) before it drafts a new one, the
 * mention step its waiting replies ({@link #deliverReplies}), woken ({@link MentionWakeups}) when a reply is left
 * waiting. Callers deliver for one persona at a time.
 */
public final class Delivery {

    private static final Logger log = LoggerFactory.getLogger(Delivery.class);
    /** An original still undelivered this long after it was drafted is expired, not sent (docs/architecture.md). */
    static final Duration STALE_AFTER = Duration.ofHours(12);
    /** The shortest wait before a step comes back for an undelivered item. */
    private static final Duration MIN_RETRY = Duration.ofMinutes(1);

    private final Outbox outbox;
    private final OutboxDispatcher dispatcher;
    private final PersonaStateStore states;
    private final MemoryBank memories;
    private final DecisionLog decisions;
    private final TransactionOperations transactions;
    private final PersonaHealth health;
    private final MentionWakeups wakeups;
    private final Clock clock;

    /** Wakes no mentions task for a reply left waiting ({@link MentionWakeups#NONE}). */
    public Delivery(
            Outbox outbox,
            OutboxDispatcher dispatcher,
            PersonaStateStore states,
            MemoryBank memories,
            DecisionLog decisions,
            TransactionOperations transactions,
            PersonaHealth health,
            Clock clock) {
        this(outbox, dispatcher, states, memories, decisions, transactions, health, MentionWakeups.NONE, clock);
    }

    /** @param wakeups brings the persona's mentions task forward to a reply, quote or like that a try left waiting */
    public Delivery(
            Outbox outbox,
            OutboxDispatcher dispatcher,
            PersonaStateStore states,
            MemoryBank memories,
            DecisionLog decisions,
            TransactionOperations transactions,
            PersonaHealth health,
            MentionWakeups wakeups,
            Clock clock) {
        this.wakeups = Objects.requireNonNull(wakeups);
        this.outbox = Objects.requireNonNull(outbox);
        this.dispatcher = Objects.requireNonNull(dispatcher);
        this.states = Objects.requireNonNull(states);
        this.memories = Objects.requireNonNull(memories);
        this.decisions = Objects.requireNonNull(decisions);
        this.transactions = Objects.requireNonNull(transactions);
        this.health = Objects.requireNonNull(health);
        this.clock = Objects.requireNonNull(clock);
    }

    /** The persona's oldest original post that is not delivered yet (pending or dispatching), if any. */
    public Optional<OutboxItem> findUndeliveredOriginal(PersonaId personaId) {
        return outbox.listUndelivered(personaId).stream()
                .filter(OutboxItem::isOriginal)
                .findFirst();
    }

    /**
     * Delivers the persona's undelivered replies, quotes and likes whose next attempt is due (pending, or left in
     * dispatching by a crash or a lost answer), oldest first, and returns when the first of those still waiting is
     * due ({@link #retryAt}); empty when none waits. Originals are left to the post-due step.
     */
    public Optional<Instant> deliverReplies(PersonaId personaId, SocialNetwork network) {
        Instant due = null;
        for (OutboxItem item : outbox.listUndelivered(personaId)) {
            if (!item.isOriginal()) {
                due = earlier(due, retryAtIfWaiting(deliver(item, network)));
            }
        }
        return Optional.ofNullable(due);
    }

    /**
     * Every persona with a reply, quote or like waiting (pending, or left in dispatching), and when its first one is
     * due ({@link #retryAt}): two queries over the whole outbox, for the first cast read after a start.
     */
    public Map<PersonaId, Instant> listRepliesDue() {
        Map<PersonaId, Instant> due = new HashMap<>();
        for (OutboxStatus status : List.of(OutboxStatus.PENDING, OutboxStatus.DISPATCHING)) {
            for (OutboxItem item : outbox.listByStatus(status)) {
                if (!item.isOriginal()) {
                    due.merge(item.personaId(), retryAt(item), (a, b) -> b.isBefore(a) ? b : a);
                }
            }
        }
        return due;
    }

    /** {@link #retryAt} of an item left undelivered; null for one that is settled (posted, failed, held...). */
    @Nullable
    Instant retryAtIfWaiting(OutboxItem item) {
        return item.isUndelivered() ? retryAt(item) : null;
    }

    /** The earlier of two times, either of them absent. */
    static @Nullable Instant earlier(@Nullable Instant a, @Nullable Instant b) {
        if (a == null) {
            return b;
        }
        return b == null || !b.isBefore(a) ? a : b;
    }

    /**
     * Delivers an original post as {@link #deliver} does, unless it is stale: drafted more than {@link #STALE_AFTER}
     * ago, it is expired instead once it is certainly not on the network.
     */
    public OutboxItem deliverOriginal(OutboxItem item, SocialNetwork network) {
        Instant staleBefore = clock.instant().minus(STALE_AFTER);
        return record(
                item, dispatcher.deliverUnlessCreatedBefore(item, network, staleBefore, this::recordPostedTogether));
    }

    /**
     * Brings the item as far as it goes now, records the outcome, and returns the item as stored afterwards. A reply,
     * quote or like that was tried and still waits wakes the persona's mentions task at its next attempt: that task
     * delivers it, and while the cast search covers the persona it comes back for nothing else.
     */
    public OutboxItem deliver(OutboxItem item, SocialNetwork network) {
        OutboxItem delivered = record(item, dispatcher.deliver(item, network, this::recordPostedTogether));
        if (!delivered.isOriginal() && delivered.isUndelivered() && !delivered.equals(item)) {
            wakeups.wake(delivered.personaId(), retryAt(delivered));
        }
        return delivered;
    }

    /** When a step should come back for an undelivered item: its next attempt, and not sooner than in a minute. */
    public Instant retryAt(OutboxItem item) {
        Instant due = dispatcher.dueAt(item);
        Instant soonest = clock.instant().plus(MIN_RETRY);
        return (due.isAfter(soonest) ? due : soonest).truncatedTo(ChronoUnit.MILLIS);
    }

    /**
     * {@link #recordPosted} in one transaction, which joins the dispatcher's marking transaction when it runs one on
     * the same database (the engine's does: one commit for the mark and the record).
     */
    private void recordPostedTogether(OutboxItem delivered) {
        transactions.executeWithoutResult(tx -> recordPosted(delivered));
    }

    /**
     * Records an item the dispatcher marked posted, inside its marking transaction ({@link
     * OutboxDispatcher.WhenPosted}): a like as its decision; a post, reply or quote as the persona's post (state),
     * its memory and its decision.
     */
    private void recordPosted(OutboxItem delivered) {
        PersonaId id = delivered.personaId();
        Decision.Kind kind = kindOf(delivered);
        String ref = refOf(delivered);
        if (delivered.isLike()) {
            decide(id, kind, Decision.Outcome.LIKED, "liked " + ref, ref);
            return;
        }
        Instant postedAt = delivered.postedAt() == null ? clock.instant() : delivered.postedAt();
        String remoteId = Objects.requireNonNull(delivered.remoteId());
        states.recordPost(id, postedAt, delivered.isOriginal());
        memories.remember(new Memory(
                0,
                id,
                MemoryKind.POST,
                delivered.text(),
                delivered.isOriginal() ? 0.4 : 0.3,
                0,
                postedAt,
                List.of(remoteId),
                "post:" + remoteId));
        decide(
                id,
                kind,
                Decision.Outcome.POSTED,
                (delivered.quoteOfId() != null ? "quote posted as " : "posted as ") + remoteId,
                ref);
    }

    private static Decision.Kind kindOf(OutboxItem item) {
        return item.isReply() ? Decision.Kind.REPLY : item.isOriginal() ? Decision.Kind.POST : Decision.Kind.REACTION;
    }

    private static String refOf(OutboxItem item) {
        return Objects.requireNonNullElse(
                item.inReplyToId(),
                Objects.requireNonNullElse(
                        item.quoteOfId(), Objects.requireNonNullElse(item.likedId(), item.idempotencyKey())));
    }

    /**
     * Records what the delivery changed besides a post (recorded with its mark, {@link #recordPosted}); an item left
     * as it was (not due yet, or delivered before) records nothing.
     */
    private OutboxItem record(OutboxItem item, OutboxItem delivered) {
        if (delivered.equals(item)) {
            return delivered;
        }
        PersonaId id = item.personaId();
        Decision.Kind kind = kindOf(item);
        String ref = refOf(item);
        switch (delivered.status()) {
            case POSTED -> {
                if (delivered.isLike()) {
                    log.info("{} liked {}", id, ref);
                } else {
                    log.info("{} posted {}: {}", id, delivered.remoteId(), delivered.text());
                }
            }
            case FAILED ->
                decide(id, kind, Decision.Outcome.FAILED, Objects.toString(delivered.reason(), "refused"), ref);
            case EXPIRED ->
                decide(id, kind, Decision.Outcome.SKIPPED, Objects.toString(delivered.reason(), "expired"), ref);
            case HELD, REFUSED, AWAITING_APPROVAL, REJECTED -> {
                // the outbox's platform policy or the approval queue wrote the decision when it stopped the item
            }
            case PENDING, DISPATCHING -> {
                if (health.needsDecision(id, item.idempotencyKey())) {
                    decide(id, kind, Decision.Outcome.RETRYING, Objects.toString(delivered.reason(), "in flight"), ref);
                }
            }
        }
        return delivered;
    }

    private void decide(PersonaId id, Decision.Kind kind, Decision.Outcome outcome, String reason, String ref) {
        decisions.record(new Decision(id, kind, outcome, reason, ref, clock.instant()));
    }
}
