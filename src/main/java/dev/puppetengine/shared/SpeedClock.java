package dev.puppetengine.shared;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Persona time: a clock that runs {@code speed} times faster than its base clock from {@code start} on (sandbox
 * {@code --speed X}): after one real minute, {@code speed} persona minutes have passed. It never moves backwards,
 * even when the base clock does, and never passes its horizon ({@link #holdUntil}): the {@link PersonaTimeKeeper}
 * moves the horizon only after it has stored it, so no instant this clock hands out is later than the time a restart
 * continues from. Thread-safe; clocks made by {@link #withZone} share the same time.
 */
public final class SpeedClock extends Clock {

    private final Timeline timeline;
    private final ZoneId zone;

    public SpeedClock(Clock base, double speed, Instant start) {
        this(new Timeline(base, speed, start), base.getZone());
    }

    private SpeedClock(Timeline timeline, ZoneId zone) {
        this.timeline = timeline;
        this.zone = zone;
    }

    public double speed() {
        return timeline.speed;
    }

    /** How many times faster than real time {@code clock} runs: a speed clock's speed, 1 for any other clock. */
    public static double speedOf(Clock clock) {
        return clock instanceof SpeedClock persona ? persona.speed() : 1;
    }

    /** Persona time that passes in {@code real} real time. */
    public Duration personaDuration(Duration real) {
        return Duration.ofNanos(Math.round(real.toNanos() * timeline.speed));
    }

    @Override
    public Instant instant() {
        return timeline.now();
    }

    /**
     * The time this clock would show were it never held: {@code start} plus the real time since, at its speed. It
     * runs ahead of {@link #instant} after a hold, and the clock jumps to it (up to the horizon) once released.
     */
    public Instant unheldInstant() {
        return timeline.unheld();
    }

    /** From now on the clock stops at {@code horizon} until a later one is given; never below a time handed out. */
    public void holdUntil(Instant horizon) {
        timeline.holdUntil(horizon);
    }

    /** Stops the clock at the latest time it handed out (a clean stop) and returns that time. */
    public Instant freeze() {
        return timeline.freeze();
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return zone.equals(this.zone) ? this : new SpeedClock(timeline, zone);
    }

    private static final class Timeline {

        private final Clock base;
        private final double speed;
        private final Instant realStart;
        private final Instant start;
        private Instant latest;
        private @Nullable Instant horizon;

        Timeline(Clock base, double speed, Instant start) {
            if (!(speed >= 1) || Double.isInfinite(speed)) {
                throw new IllegalArgumentException("speed must be a finite number >= 1: " + speed);
            }
            this.base = Objects.requireNonNull(base);
            this.speed = speed;
            this.realStart = base.instant();
            this.start = Objects.requireNonNull(start);
            this.latest = start;
        }

        synchronized Instant unheld() {
            Duration real = Duration.between(realStart, base.instant());
            return start.plusNanos(Math.round(real.toNanos() * speed));
        }

        synchronized Instant now() {
            Instant now = unheld();
            if (horizon != null && now.isAfter(horizon)) {
                now = horizon;
            }
            if (now.isAfter(latest)) {
                latest = now;
            }
            return latest;
        }

        synchronized void holdUntil(Instant until) {
            horizon = until.isBefore(latest) ? latest : until;
        }

        synchronized Instant freeze() {
            horizon = now();
            return latest;
        }
    }
}
