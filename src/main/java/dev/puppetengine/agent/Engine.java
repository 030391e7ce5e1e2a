package dev.puppetengine.agent;

import dev.puppetengine.agent.PostWriter.Written;
import dev.puppetengine.agent.PostingSchedule.Slot;
import dev.puppetengine.memory.Memory;
import dev.puppetengine.memory.MemoryKind;
import dev.puppetengine.memory.MemoryStore;
import dev.puppetengine.persona.PersonaCatalog;
import dev.puppetengine.persona.PersonaId;
import dev.puppetengine.persona.PersonaSpec;
import dev.puppetengine.shared.ExternalServiceException;
import dev.puppetengine.social.Outbox;
import dev.puppetengine.social.OutboxDispatcher;
import dev.puppetengine.social.OutboxItem;
import dev.puppetengine.social.OutboxStatus;
import dev.puppetengine.social.Post;
import dev.puppetengine.social.SocialNetwork;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.transaction.support.TransactionOperations;

/**
 * The persona loop (DESIGN §4.3, §6.1): a due post is checked against the schedule, written, stored in the outbox
 * together with the consumed slot, dispatched, and recorded (state, {@code post} memory, decision). Mentions get one
 * reply each. Callers run one step per persona at a time (the persona's scheduled task); different personas run in
 * parallel, so the random generator must be thread-safe (a seeded one in single-threaded tests).
 */
public final class Engine {

    private static final Logger log = LoggerFactory.getLogger(Engine.class);
    private static final Duration RETRY_AFTER = Duration.ofMinutes(5);
    private static final Duration FIRST_POST_MIN = Duration.ofMinutes(1);
    private static final Duration FIRST_POST_MAX = Duration.ofMinutes(5);

    private final PersonaCatalog catalog;
    private final PersonaStateStore states;
    private final Function<PersonaSpec, SocialNetwork> networks;
    private final PostWriter writer;
    private final Outbox outbox;
    private final OutboxDispatcher dispatcher;
    private final MemoryStore memories;
    private final DecisionLog decisions;
    private final PostingSchedule schedule;
    private final RandomGenerator random;
    private final TransactionOperations transactions;
    private final Clock clock;
    private final Map<PersonaId, ReentrantLock> locks = new ConcurrentHashMap<>();

    public Engine(
            PersonaCatalog catalog,
            PersonaStateStore states,
            Function<PersonaSpec, SocialNetwork> networks,
            PostWriter writer,
            Outbox outbox,
            MemoryStore memories,
            DecisionLog decisions,
            RandomGenerator random,
            TransactionOperations transactions,
            Clock clock) {
        this.catalog = Objects.requireNonNull(catalog);
        this.states = Objects.requireNonNull(states);
        this.networks = Objects.requireNonNull(networks);
        this.writer = Objects.requireNonNull(writer);
        this.outbox = Objects.requireNonNull(outbox);
        this.dispatcher = new OutboxDispatcher(outbox, clock, Duration.ofSeconds(40));
        this.memories = Objects.requireNonNull(memories);
        this.decisions = Objects.requireNonNull(decisions);
        this.schedule = new PostingSchedule(random);
        this.random = random;
        this.transactions = Objects.requireNonNull(transactions);
        this.clock = Objects.requireNonNull(clock);
    }

    /** The personas that should have a post-due task: configured and not paused. Creates missing state rows. */
    public List<PersonaId> listActivePersonas() {
        List<PersonaId> active = new ArrayList<>();
        for (PersonaSpec persona : catalog.listPersonas()) {
            if (states.createIfAbsent(persona.id(), persona.active()).active()) {
                active.add(persona.id());
            }
        }
        return active;
    }

    /**
     * When a persona without a scheduled post should post first: a few minutes from now, drawn per persona so that
     * a cast never posts in the same second. Recorded as the persona's next post time.
     */
    public Instant firstPostAt(PersonaId personaId) {
        long spread = FIRST_POST_MAX.minus(FIRST_POST_MIN).toMillis();
        Instant at = clock.instant()
                .plus(FIRST_POST_MIN)
                .plusMillis(nextLong(spread))
                .truncatedTo(ChronoUnit.MILLIS);
        states.updateNextPostAt(personaId, at);
        return at;
    }

    /**
     * Runs the post due at {@code slot} and returns when the persona posts next; empty when it should not post any
     * more (paused, or no longer configured). Safe to run again for the same slot: the outbox item of the slot, or
     * one left over from a crash, is delivered (never resent when the network has it) before anything new is written.
     */
    public Optional<Instant> postDue(PersonaId personaId, Instant slot) {
        ReentrantLock lock = lockOf(personaId);
        lock.lock();
        MDC.put("personaId", personaId.value());
        try {
            Optional<PersonaSpec> found = catalog.findPersona(personaId);
            if (found.isEmpty()) {
                log.info("{} is no longer configured; its schedule stops", personaId);
                return Optional.empty();
            }
            PersonaSpec persona = found.get();
            PersonaState state = states.createIfAbsent(personaId, persona.active());
            if (!state.active()) {
                log.info("{} is paused; its schedule stops", personaId);
                states.updateNextPostAt(personaId, null);
                return Optional.empty();
            }
            SocialNetwork network = networks.apply(persona);
            deliverLeftovers(persona, network);
            return Optional.of(postOnce(persona, network, slot));
        } finally {
            MDC.remove("personaId");
            lock.unlock();
        }
    }

    private Instant postOnce(PersonaSpec persona, SocialNetwork network, Instant slot) {
        PersonaId id = persona.id();
        Instant now = clock.instant();
        String key = "post:" + id + ":" + slot.toEpochMilli();
        if (outbox.findByKey(key).isPresent()) {
            return scheduleNext(persona, now);
        }
        PersonaState state = states.require(id);
        if (schedule.check(persona.behaviour().postFrequency(), now, state.lastOriginalPostAt())
                instanceof Slot.TooSoon(Instant retryAt)) {
            transactions.executeWithoutResult(tx -> {
                states.updateNextPostAt(id, retryAt);
                decide(id, Decision.Kind.POST, Decision.Outcome.RESCHEDULED, "too soon; moved to " + retryAt, key);
            });
            log.info("{} skipped a post: too soon since its last original post; rescheduled to {}", id, retryAt);
            return retryAt;
        }
        Written written = writer.writePost(persona, state.mood(), recentTexts(id), seed(key));
        Instant next = nextAfter(persona, now);
        switch (written) {
            case PostWriter.Skipped(String reason) -> {
                transactions.executeWithoutResult(tx -> {
                    states.updateNextPostAt(id, next);
                    decide(id, Decision.Kind.POST, Decision.Outcome.SKIPPED, reason, key);
                });
                log.info("{} skipped a post: {}", id, reason);
            }
            case PostWriter.Text(String text) -> {
                OutboxItem item = Objects.requireNonNull(transactions.execute(tx -> {
                    states.updateNextPostAt(id, next);
                    return outbox.enqueue(OutboxItem.Draft.post(id, key, text));
                }));
                OutboxStatus status = deliver(item, network, Decision.Kind.POST).status();
                if (status == OutboxStatus.PENDING || status == OutboxStatus.DISPATCHING) {
                    Instant retry = now.plus(RETRY_AFTER).truncatedTo(ChronoUnit.MILLIS);
                    return retry.isBefore(next) ? retry : next;
                }
            }
        }
        return next;
    }

    private Instant nextAfter(PersonaSpec persona, Instant now) {
        return now.plus(schedule.nextInterval(persona.behaviour().postFrequency(), now))
                .truncatedTo(ChronoUnit.MILLIS);
    }

    private Instant scheduleNext(PersonaSpec persona, Instant now) {
        Instant next = nextAfter(persona, now);
        states.updateNextPostAt(persona.id(), next);
        return next;
    }

    /**
     * Answers every new mention of the persona once, oldest first, and returns how many replies went out. The cursor
     * and the handled-input ledger move in the transaction that stores each reply in the outbox.
     */
    public int answerMentions(PersonaId personaId) {
        ReentrantLock lock = lockOf(personaId);
        lock.lock();
        MDC.put("personaId", personaId.value());
        try {
            Optional<PersonaSpec> found = catalog.findPersona(personaId);
            if (found.isEmpty()
                    || !states.createIfAbsent(personaId, found.get().active()).active()) {
                return 0;
            }
            PersonaSpec persona = found.get();
            SocialNetwork network = networks.apply(persona);
            deliverLeftovers(persona, network);
            List<Post> mentions;
            try {
                mentions = network.mentions(states.findMentionCursor(personaId).orElse(null));
            } catch (ExternalServiceException e) {
                log.warn("{} cannot read its mentions now: {}", personaId, e.getMessage());
                return 0;
            }
            int replies = 0;
            String ownId = network.me().id();
            for (Post mention : mentions) {
                if (!mention.authorId().equals(ownId) && answer(persona, network, mention)) {
                    replies++;
                }
            }
            return replies;
        } finally {
            MDC.remove("personaId");
            lock.unlock();
        }
    }

    private boolean answer(PersonaSpec persona, SocialNetwork network, Post mention) {
        PersonaId id = persona.id();
        if (states.isHandled(id, mention.id())) {
            states.advanceMentionCursor(id, mention.id());
            return false;
        }
        String key = "reply:" + id + ":" + mention.id();
        PersonaState state = states.require(id);
        Written written = writer.writeReply(persona, state.mood(), mention, recentTexts(id), seed(key));
        return switch (written) {
            case PostWriter.Skipped(String reason) -> {
                transactions.executeWithoutResult(tx -> {
                    states.markHandled(id, mention.id(), "mention");
                    states.advanceMentionCursor(id, mention.id());
                    decide(id, Decision.Kind.REPLY, Decision.Outcome.SKIPPED, reason, mention.id());
                });
                log.info("{} skipped a reply to {}: {}", id, mention.id(), reason);
                yield false;
            }
            case PostWriter.Text(String text) -> {
                OutboxItem item = Objects.requireNonNull(transactions.execute(tx -> {
                    states.markHandled(id, mention.id(), "mention");
                    states.advanceMentionCursor(id, mention.id());
                    return outbox.enqueue(OutboxItem.Draft.reply(id, key, text, mention.id()));
                }));
                yield deliver(item, network, Decision.Kind.REPLY).status() == OutboxStatus.POSTED;
            }
        };
    }

    private void deliverLeftovers(PersonaSpec persona, SocialNetwork network) {
        List<OutboxItem> leftovers = new ArrayList<>(outbox.list(persona.id(), OutboxStatus.DISPATCHING, 100));
        leftovers.addAll(outbox.list(persona.id(), OutboxStatus.PENDING, 100));
        for (OutboxItem item : leftovers.reversed()) {
            deliver(item, network, item.isReply() ? Decision.Kind.REPLY : Decision.Kind.POST);
        }
    }

    private OutboxItem deliver(OutboxItem item, SocialNetwork network, Decision.Kind kind) {
        OutboxItem delivered = dispatcher.deliver(item, network);
        PersonaId id = item.personaId();
        String ref = item.inReplyToId() != null ? item.inReplyToId() : item.idempotencyKey();
        switch (delivered.status()) {
            case POSTED -> {
                Instant postedAt = delivered.postedAt() == null ? clock.instant() : delivered.postedAt();
                String remoteId = Objects.requireNonNull(delivered.remoteId());
                transactions.executeWithoutResult(tx -> {
                    states.recordPost(id, postedAt, !delivered.isReply());
                    memories.add(new Memory(
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
            case FAILED ->
                decide(id, kind, Decision.Outcome.FAILED, Objects.toString(delivered.reason(), "refused"), ref);
            case PENDING, DISPATCHING ->
                decide(id, kind, Decision.Outcome.RETRYING, Objects.toString(delivered.reason(), "in flight"), ref);
        }
        return delivered;
    }

    private List<String> recentTexts(PersonaId id) {
        return outbox.list(id, OutboxStatus.POSTED, PostPrompts.RECENT_POSTS).stream()
                .map(OutboxItem::text)
                .toList();
    }

    private void decide(
            PersonaId id, Decision.Kind kind, Decision.Outcome outcome, String reason, @Nullable String ref) {
        decisions.record(new Decision(id, kind, outcome, reason, ref, clock.instant()));
    }

    // One step per persona at a time on this node: a reply being sent must not be reconciled as a leftover by the
    // persona's post task. Across nodes the persona's db-scheduler task instance is the exclusive owner.
    private ReentrantLock lockOf(PersonaId personaId) {
        return locks.computeIfAbsent(personaId, id -> new ReentrantLock());
    }

    private long nextLong(long bound) {
        return bound <= 0 ? 0 : random.nextLong(bound);
    }

    private static long seed(String key) {
        long hash = 1125899906842597L;
        for (int i = 0; i < key.length(); i++) {
            hash = 31 * hash + key.charAt(i);
        }
        return hash;
    }
}
