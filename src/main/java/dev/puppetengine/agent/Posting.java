package dev.puppetengine.agent;

import dev.puppetengine.agent.PostWriter.Written;
import dev.puppetengine.agent.PostingSchedule.Slot;
import dev.puppetengine.persona.PersonaId;
import dev.puppetengine.persona.PersonaSpec;
import dev.puppetengine.shared.ExternalServiceException;
import dev.puppetengine.social.Outbox;
import dev.puppetengine.social.OutboxItem;
import dev.puppetengine.social.OutboxStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionOperations;

/**
 * Drafts the original post due at a slot (DESIGN §4.3): checks the slot against the persona's schedule, writes the
 * text and stores it in the outbox, keyed by the slot, in the transaction that records the persona's next post time.
 * Sends nothing: {@link Delivery} does. The same slot never yields a second item.
 */
public final class Posting {

    private static final Logger log = LoggerFactory.getLogger(Posting.class);
    private static final Duration RETRY_AFTER = Duration.ofMinutes(5);
    /** How many of the persona's waiting items are looked at for the newest original. */
    private static final int WAITING_CHECKED = 50;

    private final PersonaStateStore states;
    private final PostWriter writer;
    private final RecentPosts recentPosts;
    private final Outbox outbox;
    private final DecisionLog decisions;
    private final PostingSchedule schedule;
    private final TransactionOperations transactions;
    private final PersonaHealth health;
    private final Clock clock;

    public Posting(
            PersonaStateStore states,
            PostWriter writer,
            RecentPosts recentPosts,
            Outbox outbox,
            DecisionLog decisions,
            PostingSchedule schedule,
            TransactionOperations transactions,
            PersonaHealth health,
            Clock clock) {
        this.states = Objects.requireNonNull(states);
        this.writer = Objects.requireNonNull(writer);
        this.recentPosts = Objects.requireNonNull(recentPosts);
        this.outbox = Objects.requireNonNull(outbox);
        this.decisions = Objects.requireNonNull(decisions);
        this.schedule = Objects.requireNonNull(schedule);
        this.transactions = Objects.requireNonNull(transactions);
        this.health = Objects.requireNonNull(health);
        this.clock = Objects.requireNonNull(clock);
    }

    /** What became of a due slot; {@code next} is when the persona posts next. */
    public sealed interface Drafted permits Queued, AlreadyQueued, TooSoon, Skipped, Unwritten {
        Instant next();
    }

    /** The post is in the outbox, ready to send. */
    public record Queued(OutboxItem item, Instant next) implements Drafted {}

    /** The slot's post was stored before (a rerun of the slot). */
    public record AlreadyQueued(Instant next) implements Drafted {}

    /** Less than {@code min_hours} since the last original post: moved to {@code next}, nothing written. */
    public record TooSoon(Instant next) implements Drafted {}

    /** The writer gave no text (policy, budget): nothing to send this slot. */
    public record Skipped(String reason, Instant next) implements Drafted {}

    /** The model failed (unavailable, circuit open, timed out, refused): tried again at {@code next}. */
    public record Unwritten(String reason, Instant next) implements Drafted {}

    /** The idempotency key of the slot's post: the same slot always names the same outbox item. */
    public static String keyOf(PersonaId personaId, Instant slot) {
        return "post:" + personaId + ":" + slot.toEpochMilli();
    }

    /** Drafts the post due at {@code slot}; the persona's state row exists. */
    public Drafted draftDue(PersonaSpec persona, Instant slot) {
        PersonaId id = persona.id();
        Instant now = clock.instant();
        String key = keyOf(id, slot);
        if (outbox.findByKey(key).isPresent()) {
            Instant next = nextAfter(persona, now);
            states.updateNextPostAt(id, next);
            return new AlreadyQueued(next);
        }
        PersonaState state = states.require(id);
        if (schedule.check(persona.behaviour().postFrequency(), now, lastOriginalAt(state))
                instanceof Slot.TooSoon(Instant retryAt)) {
            transactions.executeWithoutResult(tx -> {
                states.updateNextPostAt(id, retryAt);
                decide(id, Decision.Outcome.RESCHEDULED, "too soon; moved to " + retryAt, key);
            });
            log.info("{} skipped a post: too soon since its last original post; rescheduled to {}", id, retryAt);
            return new TooSoon(retryAt);
        }
        Written written;
        try {
            written = writer.writePost(persona, state.mood(), recentPosts.textsOf(id), PostWriter.seedOf(key));
        } catch (ExternalServiceException e) {
            return unwritten(id, key, now, e);
        }
        health.modelSucceeded(id);
        Instant next = nextAfter(persona, now);
        return switch (written) {
            case PostWriter.Skipped(String reason) -> {
                transactions.executeWithoutResult(tx -> {
                    states.updateNextPostAt(id, next);
                    decide(id, Decision.Outcome.SKIPPED, reason, key);
                });
                log.info("{} skipped a post: {}", id, reason);
                yield new Skipped(reason, next);
            }
            case PostWriter.Text(String text) -> {
                OutboxItem item = Objects.requireNonNull(transactions.execute(tx -> {
                    states.updateNextPostAt(id, next);
                    return outbox.enqueue(OutboxItem.Draft.post(id, key, text));
                }));
                yield new Queued(item, next);
            }
        };
    }

    /** What became of an extra post about something (an event): queued in the outbox, or declined and why. */
    public sealed interface Extra permits Extra.Queued, Extra.Declined {

        record Queued(OutboxItem item) implements Extra {}

        record Declined(String reason) implements Extra {}
    }

    /**
     * Drafts an extra original post about {@code topic}, stored in the outbox under {@code key} (the same key never
     * yields a second item). The too-soon rule applies (DESIGN §4.3) and the persona's schedule is left alone.
     */
    public Extra draftAbout(PersonaSpec persona, String topic, String key) {
        return draftExtra(persona, topic, key, true);
    }

    /**
     * Drafts an original post an operator asked for (DESIGN §8 {@code POST /api/agents/{id}/post}), about
     * {@code topic} or, when null, about whatever the persona would post next, under {@code key}. The caller has
     * checked the too-soon rule ({@link #findTooSoonUntil}) or was told to {@code force} past it; the persona's
     * schedule is left alone.
     */
    public Extra draftNow(PersonaSpec persona, @Nullable String topic, String key) {
        return draftExtra(persona, topic, key, false);
    }

    /** When the persona may post its next original post, if that is later than now (DESIGN §4.3 too soon). */
    public Optional<Instant> findTooSoonUntil(PersonaSpec persona) {
        PersonaState state = states.require(persona.id());
        if (schedule.check(persona.behaviour().postFrequency(), clock.instant(), lastOriginalAt(state))
                instanceof Slot.TooSoon(Instant retryAt)) {
            return Optional.of(retryAt);
        }
        return Optional.empty();
    }

    /**
     * When the persona's last original post went out, or was drafted to wait for approval when that is later: a post
     * awaiting a human counts as a post for the too-soon rule (issue 12).
     */
    private @Nullable Instant lastOriginalAt(PersonaState state) {
        Instant posted = state.lastOriginalPostAt();
        Optional<Instant> waiting =
                outbox.list(state.personaId(), OutboxStatus.AWAITING_APPROVAL, WAITING_CHECKED).stream()
                        .filter(OutboxItem::isOriginal)
                        .map(OutboxItem::createdAt)
                        .findFirst();
        if (waiting.isEmpty()) {
            return posted;
        }
        return posted == null || waiting.get().isAfter(posted) ? waiting.get() : posted;
    }

    private Extra draftExtra(PersonaSpec persona, @Nullable String topic, String key, boolean tooSoonDeclines) {
        PersonaId id = persona.id();
        Optional<OutboxItem> before = outbox.findByKey(key);
        if (before.isPresent()) {
            return before.get().isUndelivered()
                    ? new Extra.Queued(before.get())
                    : new Extra.Declined("posted about it before");
        }
        PersonaState state = states.require(id);
        if (tooSoonDeclines && findTooSoonUntil(persona).isPresent()) {
            return new Extra.Declined("too soon since its last original post");
        }
        Written written;
        try {
            written = topic == null
                    ? writer.writePost(persona, state.mood(), recentPosts.textsOf(id), PostWriter.seedOf(key))
                    : writer.writePostAbout(
                            persona, state.mood(), topic, recentPosts.textsOf(id), PostWriter.seedOf(key));
        } catch (ExternalServiceException e) {
            return new Extra.Declined("the model failed: " + e.getMessage());
        }
        return switch (written) {
            case PostWriter.Skipped(String reason) -> new Extra.Declined(reason);
            case PostWriter.Text(String text) -> new Extra.Queued(outbox.enqueue(OutboxItem.Draft.post(id, key, text)));
        };
    }

    /**
     * Draws the persona's next slot from {@code deliveredAt}, when its last original post went out, records it as the
     * next post time and returns it: a post that waited for the network counts from its delivery.
     */
    public Instant scheduleAfter(PersonaSpec persona, Instant deliveredAt) {
        Instant next = nextAfter(persona, deliveredAt);
        states.updateNextPostAt(persona.id(), next);
        return next;
    }

    private Unwritten unwritten(PersonaId id, String key, Instant now, ExternalServiceException failure) {
        Instant retryAt = now.plus(RETRY_AFTER).truncatedTo(ChronoUnit.MILLIS);
        String reason = (failure instanceof ExternalServiceException.Transient
                        ? "the model is unavailable: "
                        : "the model refused the call: ")
                + failure.getMessage() + "; trying again at " + retryAt;
        if (failure instanceof ExternalServiceException.Transient) {
            health.modelFailed(id, failure);
        } else {
            log.warn("{} could not write a post: {}", id, failure.getMessage());
        }
        boolean decide = health.needsDecision(id, "post");
        transactions.executeWithoutResult(tx -> {
            states.updateNextPostAt(id, retryAt);
            if (decide) {
                decide(id, Decision.Outcome.RETRYING, reason, key);
            }
        });
        return new Unwritten(reason, retryAt);
    }

    private Instant nextAfter(PersonaSpec persona, Instant now) {
        return now.plus(schedule.nextInterval(persona.behaviour().postFrequency(), now))
                .truncatedTo(ChronoUnit.MILLIS);
    }

    private void decide(PersonaId id, Decision.Outcome outcome, String reason, String ref) {
        decisions.record(new Decision(id, Decision.Kind.POST, outcome, reason, ref, clock.instant()));
    }
}
