package dev.puppetengine.shared;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Objects;

/**
 * A clock that runs {@code speed} times faster than its base clock from {@code start} on (sandbox {@code --speed X}):
 * after one real minute, {@code speed} persona minutes have passed. Thread-safe.
 */
public final class SpeedClock extends Clock {

    private final Clock base;
    private final double speed;
    private final Instant realStart;
    private final Instant start;

    public SpeedClock(Clock base, double speed, Instant start) {
        if (!(speed >= 1) || Double.isInfinite(speed)) {
            throw new IllegalArgumentException("speed must be a finite number >= 1: " + speed);
        }
        this.base = Objects.requireNonNull(base);
        this.speed = speed;
        this.realStart = base.instant();
        this.start = Objects.requireNonNull(start);
    }

    public double speed() {
        return speed;
    }

    @Override
    public Instant instant() {
        Duration real = Duration.between(realStart, base.instant());
        return start.plusNanos(Math.round(real.toNanos() * speed));
    }

    @Override
    public ZoneId getZone() {
        return base.getZone();
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return new SpeedClock(base.withZone(zone), speed, instant());
    }
}
