package dev.puppetengine.agent;

import dev.puppetengine.persona.PersonaId;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * Pauses and resumes personas (DESIGN §4.1 {@code is_active}, §8 {@code PATCH /api/agents/{id}}): stores the flag in
 * the persona's state, then publishes {@link PersonaActivationChanged} when it changed. A paused persona keeps its
 * state and does nothing until resumed; the stored flag outlives restarts and wins over the file's {@code is_active},
 * which only sets the flag of a persona's first start.
 */
@Component
public final class PersonaActivation {

    private final PersonaStateStore states;
    private final ApplicationEventPublisher events;

    public PersonaActivation(PersonaStateStore states, ApplicationEventPublisher events) {
        this.states = states;
        this.events = events;
    }

    /** Sets the flag and returns the state after the change. */
    public PersonaState setActive(PersonaId personaId, boolean active) {
        states.createIfAbsent(personaId, active);
        if (states.updateActive(personaId, active)) {
            events.publishEvent(new PersonaActivationChanged(personaId, active));
        }
        return states.require(personaId);
    }
}
