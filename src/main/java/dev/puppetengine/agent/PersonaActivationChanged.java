package dev.puppetengine.agent;

import dev.puppetengine.persona.PersonaId;
import java.util.Objects;

/**
 * Published (as a Spring application event) when an operator paused ({@code active = false}) or resumed a persona, or
 * created an active one ({@link PersonaCreation});
 * the new flag is already stored. Listeners stop or start the persona's schedules.
 */
public record PersonaActivationChanged(PersonaId personaId, boolean active) {

    public PersonaActivationChanged {
        Objects.requireNonNull(personaId);
    }
}
