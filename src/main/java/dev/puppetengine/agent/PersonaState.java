package dev.puppetengine.agent;

import dev.puppetengine.persona.PersonaId;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What a persona has become at run time (DESIGN §4.2); its definition stays in the persona file. {@code active} is
 * the operator's pause switch, {@code status} a short machine word ({@code ok}, {@code budget_exhausted}, ...) with an
 * optional human detail. {@code seededAt} is set once the file's {@code initial_memory} has been stored.
 */
public record PersonaState(
        PersonaId personaId,
        boolean active,
        Mood mood,
        @Nullable Instant moodUpdatedAt,
        String status,
        @Nullable String statusDetail,
        @Nullable Instant lastPostAt,
        @Nullable Instant lastOriginalPostAt,
        @Nullable Instant nextPostAt,
        @Nullable Instant seededAt,
        Instant createdAt,
        Instant updatedAt) {

    public static final String STATUS_OK = "ok";
    /** Live mode without X credentials for the persona: it is not started; the detail says what to set. */
    public static final String STATUS_NOT_LIVE = "not_live";

    public PersonaState {
        Objects.requireNonNull(personaId);
        Objects.requireNonNull(mood);
        if (status.isBlank()) {
            throw new IllegalArgumentException("status must not be blank");
        }
    }

    public boolean isSeeded() {
        return seededAt != null;
    }
}
