package dev.puppetengine.agent;

import dev.puppetengine.persona.PersonaSpec.PostFrequency;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;

/**
 * When a persona posts next (DESIGN §4.3). Pure: time comes in as arguments, randomness from the injected generator.
 * Not thread-safe when the generator is not; callers use one per thread or a thread-safe generator.
 */
public final class PostingSchedule {

    private static final Duration MAX_JITTER = Duration.ofMinutes(5);
    private static final double NANOS_PER_HOUR = Duration.ofHours(1).toNanos();

    private final RandomGenerator random;

    public PostingSchedule(RandomGenerator random) {
        this.random = Objects.requireNonNull(random);
    }

    /**
     * The wait before the next post, drawn at {@code now}: uniform in [min, max] hours, × U(0.7, 0.9) when the
     * current hour in the persona's timezone is a peak hour, else × U(1.1, 1.3); half of the time plus up to five
     * minutes of jitter; clamped to [min, max].
     */
    public Duration nextInterval(PostFrequency frequency, Instant now) {
        double min = Math.max(0, frequency.minHoursBetweenPosts());
        double max = Math.max(min, frequency.maxHoursBetweenPosts());
        double hours = max > min ? random.nextDouble(min, max) : min;
        int hour = now.atZone(frequency.timezone()).getHour();
        boolean peak = frequency.peakPostingHours().contains(hour);
        hours *= peak ? random.nextDouble(0.7, 0.9) : random.nextDouble(1.1, 1.3);
        long nanos = Math.round(hours * NANOS_PER_HOUR);
        if (random.nextBoolean()) {
            nanos += random.nextLong(MAX_JITTER.toNanos() + 1);
        }
        long minNanos = Math.round(min * NANOS_PER_HOUR);
        long maxNanos = Math.round(max * NANOS_PER_HOUR);
        return Duration.ofNanos(Math.clamp(nanos, minNanos, maxNanos));
    }

    /**
     * Whether a scheduled post due at {@code now} may go out: too soon when less than the minimum interval passed
     * since the last original post (replies do not count). A too-soon post is moved, never dropped.
     */
    public Slot check(PostFrequency frequency, Instant now, @Nullable Instant lastOriginalPostAt) {
        if (lastOriginalPostAt == null) {
            return new Slot.Due();
        }
        Duration min = Duration.ofNanos(Math.round(Math.max(0, frequency.minHoursBetweenPosts()) * NANOS_PER_HOUR));
        Instant earliest = lastOriginalPostAt.plus(min);
        return now.isBefore(earliest) ? new Slot.TooSoon(earliest) : new Slot.Due();
    }

    /** The outcome of {@link #check}: post now, or retry at {@code retryAt}. */
    public sealed interface Slot {
        record Due() implements Slot {}

        record TooSoon(Instant retryAt) implements Slot {
            public TooSoon {
                Objects.requireNonNull(retryAt);
            }
        }
    }
}
