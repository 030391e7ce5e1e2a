package dev.puppetengine.memory;

import dev.puppetengine.persona.PersonaId;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A stored memory (DESIGN §4.6). {@code seedKey} identifies memories seeded from a persona file's
 * {@code initial_memory} so that seeding is idempotent; null for everything else.
 */
public record Memory(
        long id,
        PersonaId personaId,
        MemoryKind kind,
        String content,
        double importance,
        double valence,
        Instant createdAt,
        List<String> sourceIds,
        @Nullable String seedKey) {

    public Memory {
        Objects.requireNonNull(personaId);
        Objects.requireNonNull(kind);
        Objects.requireNonNull(createdAt);
        if (content.isBlank()) {
            throw new IllegalArgumentException("memory content must not be blank");
        }
        sourceIds = List.copyOf(sourceIds);
        if (!(importance >= 0 && importance <= 1)) {
            throw new IllegalArgumentException("importance must be in [0, 1]: " + importance);
        }
        if (!(valence >= -1 && valence <= 1)) {
            throw new IllegalArgumentException("valence must be in [-1, 1]: " + valence);
        }
    }

    /** This memory as stored under {@code newId}. */
    public Memory withId(long newId) {
        return new Memory(newId, personaId, kind, content, importance, valence, createdAt, sourceIds, seedKey);
    }
}
