package dev.puppetengine.social;

import dev.puppetengine.shared.BoundedWarnings;
import dev.puppetengine.shared.ExternalServiceException;
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
 * Sends outbox items through a persona's {@link SocialNetwork} and never twice (DESIGN §6.1). After a transient
 * failure an item waits for its next attempt: the rate-limit reset when X gave one, else a backoff that doubles from
 * one minute to half an hour. An item found in {@code dispatching} (no answer, or the process died while sending) is
 * left alone while its send may still be under way ({@code inFlight} after it started: the HTTP timeout plus a
 * margin, so a live send of another thread or node is never touched), then looked up among the persona's recent
 * posts, with X's text transformations undone ({@link PublishedText}), and resent only when the network does not have
 * it. Callers run one delivery per persona at a time (a persona step holds the persona, across nodes too); even
 * without that, the pending → dispatching claim and the reclaim of an interrupted send are conditional, so two
 * deliveries never both send one item. Transient failures are
 * logged at WARN once per kind (rate limited, no answer, cannot check) per {@link BoundedWarnings#EVERY}, with the
 * number held back; the persona's status shows them per persona.
 */
public final class OutboxDispatcher {

    private static final Logger log = LoggerFactory.getLogger(OutboxDispatcher.class);
    private static final Duration FIRST_BACKOFF = Duration.ofMinutes(1);
    private static final Duration MAX_BACKOFF = Duration.ofMinutes(30);
    /** How much earlier than our record a post may be dated by the network's clock and still be ours. */
    private static final Duration CLOCK_SLACK = Duration.ofMinutes(5);

    /** The kinds of transient failure, each logged at WARN once per {@link BoundedWarnings#EVERY}. */
    private enum Trouble {
        RATE_LIMITED,
        NO_ANSWER,
        CANNOT_CHECK
    }

    /**
     * What the caller records about an item this delivery marked posted (its memory, state, decision), run in the
     * transaction that marks it: the record never lags the outbox row, and one commit serves both.
     */
    @FunctionalInterface
    public interface WhenPosted {
        WhenPosted NOTHING = posted -> {};

        /** Called with the item as stored once marked posted, inside the marking transaction. */
        void record(OutboxItem posted);
    }

    private final Outbox outbox;
    private final Clock clock;
    private final Duration inFlight;
    private final TransactionOperations transactions;
    private final BoundedWarnings warnings;

    /** Marks an item posted in a statement of its own ({@link WhenPosted} then runs after it, not with it). */
    public OutboxDispatcher(Outbox outbox, Clock clock, Duration inFlight) {
        this(outbox, clock, inFlight, TransactionOperations.withoutTransaction());
    }

    /**
     * @param inFlight how long after its start a send may still be under way, in {@code clock}'s time: the HTTP
     *     timeout plus a margin (times the speed of a sped-up clock)
     * @param transactions one per item marked posted, for the mark and the caller's {@link WhenPosted}
     */
    public OutboxDispatcher(Outbox outbox, Clock clock, Duration inFlight, TransactionOperations transactions) {
        this.transactions = Objects.requireNonNull(transactions);
        this.outbox = Objects.requireNonNull(outbox);
        this.clock = Objects.requireNonNull(clock);
        if (inFlight.isNegative() || inFlight.isZero()) {
            throw new IllegalArgumentException("inFlight must be positive: " + inFlight);
        }
        this.inFlight = inFlight;
        this.warnings = new BoundedWarnings(log, clock, BoundedWarnings.EVERY);
    }

    /**
     * Brings the item as far as it can go now and returns it as stored afterwards: posted, failed, pending (certainly
     * not sent: waiting for its next attempt) or dispatching (no answer, or the network could not be asked: a later
     * delivery looks the post up before any resend). An item whose next attempt is not due yet is returned unchanged.
     */
    public OutboxItem deliver(OutboxItem item, SocialNetwork network) {
        return deliver(item, network, null, WhenPosted.NOTHING);
    }

    /** As {@link #deliver}; {@code whenPosted} records the item with the mark when this delivery marks it posted. */
    public OutboxItem deliver(OutboxItem item, SocialNetwork network, WhenPosted whenPosted) {
        return deliver(item, network, null, whenPosted);
    }

    /**
     * As {@link #deliver}, except that an item created before {@code staleBefore} is not sent any more: once it is
     * certainly not on the network (pending, or looked up and not found) it becomes {@code expired}.
     */
    public OutboxItem deliverUnlessCreatedBefore(OutboxItem item, SocialNetwork network, Instant staleBefore) {
        return deliver(item, network, staleBefore, WhenPosted.NOTHING);
    }

    /** As {@link #deliverUnlessCreatedBefore}, with {@code whenPosted} as for {@link #deliver}. */
    public OutboxItem deliverUnlessCreatedBefore(
            OutboxItem item, SocialNetwork network, Instant staleBefore, WhenPosted whenPosted) {
        return deliver(item, network, staleBefore, whenPosted);
    }

    /**
     * The earliest time a delivery acts on the item: its next attempt, and for a send in flight no earlier than
     * {@code inFlight} after the send started. For an item that is due, a time not after now.
     */
    public Instant dueAt(OutboxItem item) {
        Instant next = item.nextAttemptAt() == null ? item.createdAt() : item.nextAttemptAt();
        if (item.status() == OutboxStatus.DISPATCHING) {
            Instant started = item.dispatchedAt() == null ? item.updatedAt() : item.dispatchedAt();
            Instant settled = started.plus(inFlight);
            return settled.isAfter(next) ? settled : next;
        }
        return next;
    }

    private OutboxItem deliver(
            OutboxItem item, SocialNetwork network, @Nullable Instant staleBefore, WhenPosted whenPosted) {
        return switch (item.status()) {
            case POSTED, FAILED, EXPIRED, HELD, REFUSED, AWAITING_APPROVAL, REJECTED -> item;
            case DISPATCHING -> isDue(item) ? reconcile(item, network, staleBefore, whenPosted) : item;
            case PENDING -> isDue(item) ? sendUnlessStale(item, network, staleBefore, whenPosted) : item;
        };
    }

    /** Marks the item posted as {@code remoteId} and, when this call marked it, records it, in one transaction. */
    private OutboxItem markPosted(OutboxItem item, String remoteId, WhenPosted whenPosted) {
        return Objects.requireNonNull(transactions.execute(status -> {
            boolean marked = outbox.markPosted(item.id(), remoteId, clock.instant());
            OutboxItem stored = reload(item);
            if (marked) {
                whenPosted.record(stored);
            }
            return stored;
        }));
    }

    private boolean isDue(OutboxItem item) {
        return !clock.instant().isBefore(dueAt(item));
    }

    private OutboxItem reconcile(
            OutboxItem item, SocialNetwork network, @Nullable Instant staleBefore, WhenPosted whenPosted) {
        if (item.isLike()) {
            // Liking is idempotent on X: a like that may have gone through is simply sent again.
            Instant now = clock.instant();
            if (!outbox.markReclaimed(item.id(), item.attempts(), "interrupted like; liking again", now, now)) {
                return reload(item);
            }
            return sendUnlessStale(reload(item), network, staleBefore, whenPosted);
        }
        Optional<Post> published;
        try {
            published = findPublished(item, network);
        } catch (ExternalServiceException e) {
            warnings.warn(
                    Trouble.CANNOT_CHECK,
                    "outbox item " + item.id() + " of " + item.personaId() + ": cannot check the network yet: "
                            + e.getMessage());
            Instant now = clock.instant();
            outbox.markUnanswered(
                    item.id(), "cannot check the network yet: " + e.getMessage(), now.plus(wait(e, item)), now);
            return reload(item);
        }
        if (published.isPresent()) {
            log.info(
                    "outbox item {} of {} was already posted as {}; not resending",
                    item.id(),
                    item.personaId(),
                    published.get().id());
            return markPosted(item, published.get().id(), whenPosted);
        }
        Instant now = clock.instant();
        // Conditional on the attempt it saw: another delivery (thread or node) that reclaimed it first wins.
        if (!outbox.markReclaimed(
                item.id(), item.attempts(), "interrupted dispatch; not found on the network", now, now)) {
            return reload(item);
        }
        return sendUnlessStale(reload(item), network, staleBefore, whenPosted);
    }

    /** The persona's own recent post that is this item: same reply target, dated since the item, same text. */
    private Optional<Post> findPublished(OutboxItem item, SocialNetwork network) {
        Account me = network.me();
        Instant since = item.createdAt().minus(CLOCK_SLACK);
        return network.recentPosts(me.id()).stream()
                .filter(post -> post.authorId().equals(me.id()))
                .filter(post -> !post.createdAt().isBefore(since))
                .filter(post -> Objects.equals(post.inReplyToId(), item.inReplyToId()))
                .filter(post -> item.quoteOfId() == null || item.quoteOfId().equals(post.quotedId()))
                .filter(post -> PublishedText.same(item.text(), post.text()))
                .findFirst();
    }

    private OutboxItem sendUnlessStale(
            OutboxItem item, SocialNetwork network, @Nullable Instant staleBefore, WhenPosted whenPosted) {
        // An approved item waited for a human: it is stale only that long after its approval.
        Instant queuedAt = item.approvedAt() == null ? item.createdAt() : item.approvedAt();
        if (item.status() == OutboxStatus.PENDING && staleBefore != null && queuedAt.isBefore(staleBefore)) {
            log.info(
                    "outbox item {} of {} expired: undelivered since {}; not sending it",
                    item.id(),
                    item.personaId(),
                    queuedAt);
            outbox.markExpired(
                    item.id(), "expired: undelivered since " + queuedAt + ", too old to send", clock.instant());
            return reload(item);
        }
        return send(item, network, whenPosted);
    }

    private OutboxItem send(OutboxItem item, SocialNetwork network, WhenPosted whenPosted) {
        if (!outbox.markDispatching(item.id(), clock.instant())) {
            return reload(item);
        }
        OutboxItem dispatching = reload(item);
        String remoteId;
        try {
            String likedId = item.likedId();
            if (likedId != null) {
                network.like(likedId);
                remoteId = likedId;
            } else {
                remoteId = network.post(item.text(), item.inReplyToId(), item.quoteOfId())
                        .id();
            }
        } catch (ExternalServiceException.RateLimited e) {
            Instant now = clock.instant();
            Instant next = now.plus(wait(e, dispatching));
            warnings.warn(
                    Trouble.RATE_LIMITED,
                    "outbox item " + item.id() + " of " + item.personaId() + ": rate limited, will retry at " + next
                            + ": " + e.getMessage());
            outbox.markRetry(item.id(), String.valueOf(e.getMessage()), next, now);
            return reload(item);
        } catch (ExternalServiceException.Transient e) {
            // A timeout, a dropped connection or a 5xx may come after the network accepted the post: the item stays
            // in dispatching, so the next delivery looks it up among the recent posts before any resend.
            Instant now = clock.instant();
            warnings.warn(
                    Trouble.NO_ANSWER,
                    "outbox item " + item.id() + " of " + item.personaId() + ": no answer from the network ("
                            + e.getMessage() + "); will check before resending");
            outbox.markUnanswered(item.id(), String.valueOf(e.getMessage()), now.plus(wait(e, dispatching)), now);
            return reload(item);
        } catch (ExternalServiceException.Permanent e) {
            log.error("outbox item {} of {}: the network refused it: {}", item.id(), item.personaId(), e.getMessage());
            outbox.markFailed(item.id(), String.valueOf(e.getMessage()), clock.instant());
            return reload(item);
        }
        return markPosted(item, remoteId, whenPosted);
    }

    /** Until the rate limit resets when X said when, else a backoff by the attempts made so far. */
    private static Duration wait(ExternalServiceException failure, OutboxItem item) {
        if (failure instanceof ExternalServiceException.RateLimited limited && limited.retryAfter() != null) {
            Duration reset = Objects.requireNonNull(limited.retryAfter());
            return reset.isNegative() ? Duration.ZERO : reset.truncatedTo(ChronoUnit.MILLIS);
        }
        int doublings = Math.clamp(item.attempts() - 1L, 0, 10);
        Duration backoff = FIRST_BACKOFF.multipliedBy(1L << doublings);
        return backoff.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff;
    }

    private OutboxItem reload(OutboxItem item) {
        return outbox.find(item.id())
                .orElseThrow(() -> new IllegalStateException("outbox item vanished: " + item.id()));
    }
}
