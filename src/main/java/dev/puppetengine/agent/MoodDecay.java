package dev.puppetengine.agent;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * How moods settle (DESIGN §4.2): toward {@code baseline} with {@code halfLife}, in persona time. The persona state
 * store applies it when a state is read, so every reader (prompts, API, handlers) sees the mood of now.
 */
public record MoodDecay(Mood baseline, Duration halfLife) {

    /** Every persona settles back to where it started, half way in 12 hours. */
    public static final MoodDecay DEFAULT = new MoodDecay(Mood.START, Duration.ofHours(12));

    public MoodDecay {
        Objects.requireNonNull(baseline);
        if (halfLife.isNegative() || halfLife.isZero()) {
            throw new IllegalArgumentException("the mood half-life must be positive: " + halfLife);
        }
    }

    /** {@code mood}, stored at {@code storedAt} (null: never shifted), as it is at {@code now}. */
    public Mood at(Mood mood, @Nullable Instant storedAt, Instant now) {
        return storedAt == null ? mood : mood.decayedToward(baseline, Duration.between(storedAt, now), halfLife);
    }
}
