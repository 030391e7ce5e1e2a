package dev.puppetengine.event;

import java.time.Duration;

/**
 * How far the schedule runs behind (DESIGN §9): the real time the oldest task that is due and not yet started has
 * waited, zero when none waits. A node past its capacity shows it (on {@code GET /api/status} and as the {@code
 * puppet_schedule_lag_seconds} gauge) instead of silently falling behind.
 */
public interface ScheduleLag {

    Duration behind();

    /** {@link #behind()} in seconds. */
    default double behindSeconds() {
        return behind().toNanos() / 1e9;
    }
}
