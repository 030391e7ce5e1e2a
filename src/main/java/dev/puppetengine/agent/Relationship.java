package dev.puppetengine.agent;

import dev.puppetengine.persona.PersonaId;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * How a persona sees one counterpart (DESIGN §4.2): another persona's id, or {@code x:<user id>} for an X user.
 * Sentiment in [-1, 1], familiarity and trust in [0, 1]; {@code recentInteractions} holds short summaries, newest
 * last, at most {@link #MAX_INTERACTIONS}; {@code notes} at most {@link #MAX_NOTES}.
 */
public record Relationship(
        PersonaId personaId,
        String counterpartId,
        double sentiment,
        double familiarity,
        double trust,
        @Nullable Instant lastInteractionAt,
        List<String> recentInteractions,
        List<String> notes,
        Instant updatedAt) {

    public static final int MAX_INTERACTIONS = 10;
    public static final int MAX_NOTES = 20;
    public static final int MAX_COUNTERPART_ID_LENGTH = 128;

    public Relationship {
        Objects.requireNonNull(personaId);
        if (counterpartId.isBlank() || counterpartId.length() > MAX_COUNTERPART_ID_LENGTH) {
            throw new IllegalArgumentException("counterpart id must have 1.." + MAX_COUNTERPART_ID_LENGTH
                    + " characters: '" + counterpartId + "'");
        }
        requireIn("sentiment", sentiment, -1);
        requireIn("familiarity", familiarity, 0);
        requireIn("trust", trust, 0);
        recentInteractions = List.copyOf(recentInteractions.subList(
                Math.max(0, recentInteractions.size() - MAX_INTERACTIONS), recentInteractions.size()));
        notes = List.copyOf(notes.subList(Math.max(0, notes.size() - MAX_NOTES), notes.size()));
    }

    private static void requireIn(String name, double value, double min) {
        if (!(value >= min && value <= 1)) {
            throw new IllegalArgumentException(name + " must be in [" + min + ", 1]: " + value);
        }
    }
}
