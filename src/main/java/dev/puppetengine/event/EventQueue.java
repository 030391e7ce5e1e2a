package dev.puppetengine.event;

import dev.puppetengine.persona.PersonaId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Runs due events (DESIGN §4.4): highest priority first, first in first out within a priority, each for its targets
 * (empty = every active persona, read now; an interaction prompt without targets goes to its initiator) through every
 * {@link EventListener} that accepts its type. A run in which a listener throws for some target is retried with
 * exponential backoff ({@code retryBackoff}, doubling, at most {@link #MAX_BACKOFF}); after {@code maxAttempts} failed
 * runs the event is failed with the reason. Listeners are idempotent per target, so a retry or a rerun after a crash
 * handles each target at most once. One failing event never stops the others. Runs are serialised on this node.
 * Once {@link #stopRuns stopped} (the engine stopping), a run ends after the target it is at: the event stays pending
 * and due, and the next run handles the targets left.
 */
public final class EventQueue {

    private static final Logger log = LoggerFactory.getLogger(EventQueue.class);
    static final Duration MAX_BACKOFF = Duration.ofHours(1);
    private static final int MAX_REASON = 1000;
    /** Due events read at once by {@link #runDue}. */
    static final int DUE_BATCH = 32;

    private final ReentrantLock running = new ReentrantLock();
    private final AtomicBoolean requested = new AtomicBoolean();
    private final AtomicBoolean stopped = new AtomicBoolean();
    private final EventStore store;
    private final List<EventListener> listeners;
    private final EventAudience audience;
    private final EventTimer timer;
    private final int maxAttempts;
    private final Duration retryBackoff;
    private final Clock clock;

    public EventQueue(
            EventStore store,
            List<EventListener> listeners,
            EventAudience audience,
            EventTimer timer,
            int maxAttempts,
            Duration retryBackoff,
            Clock clock) {
        this.store = Objects.requireNonNull(store);
        this.listeners = List.copyOf(listeners);
        this.audience = Objects.requireNonNull(audience);
        this.timer = Objects.requireNonNull(timer);
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1: " + maxAttempts);
        }
        if (retryBackoff.isNegative() || retryBackoff.isZero()) {
            throw new IllegalArgumentException("retryBackoff must be positive: " + retryBackoff);
        }
        this.maxAttempts = maxAttempts;
        this.retryBackoff = retryBackoff;
        this.clock = Objects.requireNonNull(clock);
    }

    /**
     * Runs every event due now, in queue order; returns how many this call ran (handled, failed or retried later).
     * One thread runs the queue at a time: a call while another runs returns at once and that run takes its events
     * too (it goes round again for every call that came meanwhile), so a burst of due events, each with its timer
     * task, holds one scheduler thread instead of blocking all of them behind a lock (10,000 personas' mood events
     * at once stopped every post for 30 s). Due events are read {@value #DUE_BATCH} at a time (one sorted read per
     * event re-read the whole backlog for each, 4 % of the engine's CPU at 10,000 personas), so an event that becomes
     * due meanwhile, even a critical one, runs after the batch; each is read again just before it runs, so one another
     * node ran meanwhile is not run twice.
     */
    public int runDue() {
        requested.set(true);
        int ran = 0;
        while (requested.get() && !stopped.get() && running.tryLock()) {
            try {
                requested.set(false);
                ran += runDueNow();
            } finally {
                running.unlock();
            }
        }
        return ran;
    }

    private int runDueNow() {
        // an event whose store update failed stays due: it is run once per call, not again and again
        Set<String> ran = new HashSet<>();
        boolean ranAny = true;
        while (ranAny && !stopped.get()) {
            ranAny = false;
            for (StoredEvent due : store.listDue(clock.instant(), DUE_BATCH)) {
                if (stopped.get()) {
                    break;
                }
                if (!ran.add(due.id())) {
                    continue;
                }
                ranAny = true;
                Optional<StoredEvent> current =
                        store.find(due.id()).filter(event -> event.status() == EventStatus.PENDING);
                current.ifPresent(this::run);
            }
        }
        return ran.size();
    }

    private void run(StoredEvent event) {
        MDC.put("eventId", event.id());
        try {
            List<EventListener> accepting = listeners.stream()
                    .filter(listener -> listener.accepts(event.type()))
                    .toList();
            if (accepting.isEmpty()) {
                store.markHandled(event.id(), clock.instant(), "no listener for type " + event.type());
                log.info("event {} ({}) has no listener; stored and shown only", event.id(), event.type());
                return;
            }
            List<String> failures = new ArrayList<>();
            List<PersonaId> targets = targetsOf(event);
            for (PersonaId target : targets) {
                if (stopped.get()) {
                    log.info("event {} ({}) left pending: the engine is stopping", event.id(), event.type());
                    return;
                }
                for (EventListener listener : accepting) {
                    MDC.put("personaId", target.value());
                    try {
                        listener.handle(target, event);
                    } catch (RuntimeException e) {
                        log.warn("event {} ({}) failed for {}: {}", event.id(), event.type(), target, e.toString());
                        failures.add(target + ": " + describe(e));
                    } finally {
                        MDC.remove("personaId");
                    }
                }
            }
            if (failures.isEmpty()) {
                store.markHandled(
                        event.id(), clock.instant(), targets.isEmpty() ? "no active persona to handle it" : null);
                log.info("event {} ({}) handled by {} personas", event.id(), event.type(), targets.size());
                return;
            }
            int attempts = event.attempts() + 1;
            String reason = cut(String.join("; ", failures));
            if (attempts >= maxAttempts) {
                store.markFailed(event.id(), clock.instant(), attempts, reason);
                log.warn("event {} ({}) failed after {} attempts: {}", event.id(), event.type(), attempts, reason);
                return;
            }
            Instant retryAt = clock.instant().plus(backoff(attempts)).truncatedTo(ChronoUnit.MILLIS);
            store.retryAt(event.id(), attempts, retryAt, reason);
            timer.fireAt(event.id(), retryAt);
            log.warn("event {} ({}) will be retried at {} (attempt {})", event.id(), event.type(), retryAt, attempts);
        } catch (RuntimeException e) {
            // the store itself failed: the event stays pending and the sweep runs it again
            log.warn("event {} could not be run: {}", event.id(), e.toString());
        } finally {
            MDC.remove("eventId");
        }
    }

    /** Ends every run after the target it is at, and runs nothing more until {@link #resumeRuns}. */
    public void stopRuns() {
        stopped.set(true);
    }

    /** Runs again after {@link #stopRuns} (a new queue runs from the start). */
    public void resumeRuns() {
        stopped.set(false);
    }

    /** The wait before the run after {@code attempts} failed ones: backoff, doubling, at most {@link #MAX_BACKOFF}. */
    Duration backoff(int attempts) {
        Duration wait = retryBackoff;
        for (int i = 1; i < attempts && wait.compareTo(MAX_BACKOFF) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : wait;
    }

    private List<PersonaId> targetsOf(StoredEvent event) {
        if (!event.targets().isEmpty()) {
            return event.targets();
        }
        if (event.event() instanceof Event.InteractionPrompt prompt) {
            return List.of(PersonaId.of(prompt.initiatorId()));
        }
        return audience.listActive();
    }

    private static String describe(RuntimeException e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }

    private static String cut(String text) {
        return text.length() <= MAX_REASON ? text : text.substring(0, MAX_REASON);
    }
}
