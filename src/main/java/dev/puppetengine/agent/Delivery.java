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
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionOperations;

/**
 * Sends a persona's outbox items and keeps the books (DESIGN §6.1): once an item is posted, the persona's state
 * (last post), a {@code post} memory and a {@code posted} decision are written in one transaction; a refusal or a
 * transient failure is a decision too. Never sends an item twice ({@link OutboxDispatcher}). Callers deliver for one
 * persona at a time.
 */
public final class Delivery {

    private static final Logger log = LoggerFactory.getLogger(Delivery.class);
    private static final int LEFTOVERS = 100;

    private final Outbox outbox;
    private final OutboxDispatcher dispatcher;
    private final PersonaStateStore states;
    private final MemoryBank memories;
    private final DecisionLog decisions;
    private final TransactionOperations transactions;
    private final Clock clock;

    public Delivery(
            Outbox outbox,
            PersonaStateStore states,
            MemoryBank memories,
            DecisionLog decisions,
            TransactionOperations transactions,
            Clock clock) {
        this.outbox = Objects.requireNonNull(outbox);
        this.dispatcher = new OutboxDispatcher(outbox, clock, Duration.ofSeconds(40));
        this.states = Objects.requireNonNull(states);
        this.memories = Objects.requireNonNull(memories);
        this.decisions = Objects.requireNonNull(decisions);
        this.transactions = Objects.requireNonNull(transactions);
        this.clock = Objects.requireNonNull(clock);
    }

    /** Delivers the persona's undelivered items (pending, or left in dispatching by a crash), oldest first. */
    public void deliverLeftovers(PersonaId personaId, SocialNetwork network) {
        List<OutboxItem> leftovers = new ArrayList<>(outbox.list(personaId, OutboxStatus.DISPATCHING, LEFTOVERS));
        leftovers.addAll(outbox.list(personaId, OutboxStatus.PENDING, LEFTOVERS));
        for (OutboxItem item : leftovers.reversed()) {
            deliver(item, network);
        }
    }

    /** Brings the item as far as it goes now, records the outcome, and returns the item as stored afterwards. */
    public OutboxItem deliver(OutboxItem item, SocialNetwork network) {
        OutboxItem delivered = dispatcher.deliver(item, network);
        PersonaId id = item.personaId();
        Decision.Kind kind = item.isReply() ? Decision.Kind.REPLY : Decision.Kind.POST;
        String ref = item.inReplyToId() != null ? item.inReplyToId() : item.idempotencyKey();
        switch (delivered.status()) {
            case POSTED -> {
                Instant postedAt = delivered.postedAt() == null ? clock.instant() : delivered.postedAt();
                String remoteId = Objects.requireNonNull(delivered.remoteId());
                transactions.executeWithoutResult(tx -> {
                    states.recordPost(id, postedAt, !delivered.isReply());
                    memories.remember(new Memory(
                            0,
                            id,
                            MemoryKind.POST,
                            delivered.text(),
                            delivered.isReply() ? 0.3 : 0.4,
                            0,
                            postedAt,
                            List.of(remoteId),
                            "post:" + remoteId));
                    decide(id, kind, Decision.Outcome.POSTED, "posted as " + remoteId, ref);
                });
                log.info("{} posted {}: {}", id, remoteId, delivered.text());
            }
            case FAILED, EXPIRED ->
                decide(id, kind, Decision.Outcome.FAILED, Objects.toString(delivered.reason(), "refused"), ref);
            case PENDING, DISPATCHING ->
                decide(id, kind, Decision.Outcome.RETRYING, Objects.toString(delivered.reason(), "in flight"), ref);
        }
        return delivered;
    }

    private void decide(PersonaId id, Decision.Kind kind, Decision.Outcome outcome, String reason, String ref) {
        decisions.record(new Decision(id, kind, outcome, reason, ref, clock.instant()));
    }
}
