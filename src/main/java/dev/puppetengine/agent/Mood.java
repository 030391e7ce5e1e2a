package dev.puppetengine.agent;

import java.time.Duration;

/**
 * A persona's mood (DESIGN §4.2): valence in [-1, 1], arousal and dominance in [0, 1]. Shifts add, then clamp to
 * those ranges; left alone, a mood decays toward its baseline ({@link #decayedToward}).
 */
public record Mood(double valence, double arousal, double dominance) {

    /** Where every persona starts. */
    public static final Mood START = new Mood(0, 0, 0.5);

    public Mood {
        requireIn("valence", valence, -1);
        requireIn("arousal", arousal, 0);
        requireIn("dominance", dominance, 0);
    }

    public Mood shiftedBy(double valenceShift, double arousalShift, double dominanceShift) {
        return new Mood(
                clamp(valence + valenceShift, -1),
                clamp(arousal + arousalShift, 0),
                clamp(dominance + dominanceShift, 0));
    }

    /**
     * This mood after {@code elapsed} with no shift: each dimension moves toward {@code baseline} with the given
     * half-life, so half the distance is gone after one half-life and three quarters after two.
     */
    public Mood decayedToward(Mood baseline, Duration elapsed, Duration halfLife) {
        if (elapsed.isNegative() || elapsed.isZero() || halfLife.isNegative() || halfLife.isZero()) {
            return this;
        }
        double kept = Math.pow(0.5, (double) elapsed.toMillis() / halfLife.toMillis());
        return new Mood(
                clamp(baseline.valence + (valence - baseline.valence) * kept, -1),
                clamp(baseline.arousal + (arousal - baseline.arousal) * kept, 0),
                clamp(baseline.dominance + (dominance - baseline.dominance) * kept, 0));
    }

    private static double clamp(double value, double min) {
        return Math.max(min, Math.min(1, value));
    }

    private static void requireIn(String name, double value, double min) {
        if (!(value >= min && value <= 1)) {
            throw new IllegalArgumentException(name + " must be in [" + min + ", 1]: " + value);
        }
    }
}
