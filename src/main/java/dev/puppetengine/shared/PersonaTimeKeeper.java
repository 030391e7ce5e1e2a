package dev.puppetengine.shared;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Keeps the persona clock restartable: every second (real time) it stores a horizon a few real seconds ahead of
 * persona time and only then lets the {@link SpeedClock} run up to it. A kill -9 therefore leaves a stored time later
 * than anything the clock handed out, and the restart continues from there; a clean stop freezes the clock and stores
 * exactly the time it reached. Stops last (after the scheduler and the web server), while the database is still open.
 */
public final class PersonaTimeKeeper implements SmartLifecycle {

    /** How far ahead of persona time the stored horizon is, in real time. */
    static final Duration LEASE = Duration.ofSeconds(5);

    static final Duration REFRESH = Duration.ofSeconds(1);

    private static final Logger log = LoggerFactory.getLogger(PersonaTimeKeeper.class);

    private final SpeedClock clock;
    private final PersonaTimeStore store;
    private final Clock wall;
    /** Serialises {@link #reserve}: two at once could leave {@link #reserved} behind the stored horizon. */
    private final Object reserving = new Object();

    private volatile Instant reserved;
    private volatile boolean failing;
    private @Nullable ScheduledExecutorService refresher;

    /** Stores the first horizon before returning, so the clock never runs past an unstored time. */
    public PersonaTimeKeeper(SpeedClock clock, PersonaTimeStore store, Clock wall) {
        this.clock = clock;
        this.store = store;
        this.wall = wall;
        this.reserved = clock.instant();
        clock.holdUntil(reserved);
        reserve();
    }

    /**
     * Where a clock at {@code speed} starting at real time {@code now} continues from {@code stored}: the writer's
     * clock at the write ({@code stored} minus its lead) plus the real time since, but never past the stored time. While
     * another node runs on the same database (it writes every {@link #REFRESH}) that is exactly its clock, so the nodes
     * of a cluster share one persona time; after a kill it is no earlier than anything the killed clock handed out
     * (that clock never passed its horizon, nor ran faster than real time at its speed), after a clean stop exactly
     * the time it stopped at, and when the real time since the write is unknown (the real clock went back) the stored
     * time itself.
     */
    public static Instant continueFrom(PersonaTimeStore.Stored stored, Instant now, double speed) {
        Duration lead = stored.lead().isNegative() ? Duration.ZERO : stored.lead();
        Duration leadInRealTime = Duration.ofNanos(Math.round(lead.toNanos() / Math.max(1, speed)));
        Duration since = Duration.between(stored.wallTime(), now);
        if (since.isNegative() || since.compareTo(leadInRealTime) > 0) {
            return stored.personaTime();
        }
        return stored.personaTime().minus(lead).plusNanos(Math.round(since.toNanos() * Math.max(1, speed)));
    }

    /** Stores a horizon {@link #LEASE} (real) ahead of persona time, then lets the clock run up to it. */
    public void reserve() {
        synchronized (reserving) {
            reserveNow();
        }
    }

    private void reserveNow() {
        Instant horizon = clock.instant().plus(clock.personaDuration(LEASE));
        // The lead is measured from the unheld time: once released, a clock held at its old horizon jumps ahead to it.
        Duration ahead = Duration.between(clock.unheldInstant(), horizon);
        Duration lead = ahead.isNegative() ? Duration.ZERO : ahead;
        try {
            store.raiseTo(horizon, lead, wall.instant());
        } catch (RuntimeException e) {
            if (!failing) {
                log.warn("persona time could not be stored; the clock waits until it can: {}", e.toString());
            }
            failing = true;
            return;
        }
        if (failing) {
            log.info("persona time is stored again");
        }
        failing = false;
        reserved = horizon;
        clock.holdUntil(horizon);
    }

    @Override
    public synchronized void start() {
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "persona-clock");
            thread.setDaemon(true);
            return thread;
        });
        executor.scheduleWithFixedDelay(this::reserve, 0, REFRESH.toMillis(), TimeUnit.MILLISECONDS);
        refresher = executor;
    }

    @Override
    public synchronized void stop() {
        ScheduledExecutorService executor = refresher;
        if (executor == null) {
            return;
        }
        refresher = null;
        executor.shutdown();
        try {
            executor.awaitTermination(REFRESH.toSeconds() * 5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Instant stopped = clock.freeze();
        try {
            store.stoppedAt(stopped, reserved, wall.instant());
            log.info("persona time {} stored; the next start continues from there", stopped);
        } catch (RuntimeException e) {
            log.warn("persona time could not be stored on stop; the next start continues from {}", reserved);
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return refresher != null;
    }

    /** Stops after everything that reads the clock (the scheduler's and the web server's phases are higher). */
    @Override
    public int getPhase() {
        return Integer.MIN_VALUE + 1000;
    }
}
