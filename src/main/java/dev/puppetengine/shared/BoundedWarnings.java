package dev.puppetengine.shared;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;

/**
 * A bounded WARN log for failures that repeat (DESIGN §8): one line per key (a failure kind, or a persona and its
 * trouble) per {@code every} of the clock's time, the first of the interval as it came and the next one with the
 * number held back since; the held-back ones go to DEBUG. Thread-safe.
 */
public final class BoundedWarnings {

    /** The interval the engine's bounded logs use. */
    public static final Duration EVERY = Duration.ofMinutes(5);

    private final Logger log;
    private final Clock clock;
    private final Duration every;
    private final Map<Object, Window> windows = new ConcurrentHashMap<>();

    /** @param log the logger the lines appear under (the caller's) */
    public BoundedWarnings(Logger log, Clock clock, Duration every) {
        this.log = Objects.requireNonNull(log);
        this.clock = Objects.requireNonNull(clock);
        if (every.isNegative() || every.isZero()) {
            throw new IllegalArgumentException("every must be positive: " + every);
        }
        this.every = every;
    }

    /** Logs {@code message} at WARN unless {@code key} was logged less than {@code every} ago; then counts it. */
    public void warn(Object key, String message) {
        Instant now = clock.instant();
        Window window = windows.compute(key, (k, current) -> {
            if (current == null) {
                return new Window(now, 0, 0, null);
            }
            if (now.isBefore(current.since().plus(every))) {
                return new Window(current.since(), current.heldBack() + 1, 0, null);
            }
            return new Window(now, 0, current.heldBack(), current.since());
        });
        if (window.heldBack() > 0) {
            log.debug("{} (held back: {} since {})", message, window.heldBack(), window.since());
        } else if (window.heldBackBefore() > 0) {
            log.warn("{} ({} more since {})", message, window.heldBackBefore(), window.before());
        } else {
            log.warn("{}", message);
        }
    }

    /**
     * The interval begun {@code since} with the lines held back in it; a new interval also says how many the one
     * {@code before} held back.
     */
    private record Window(
            Instant since,
            int heldBack,
            int heldBackBefore,
            @Nullable Instant before) {}
}
