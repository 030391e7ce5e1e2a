package dev.puppetengine.agent;

import dev.puppetengine.persona.PersonaId;
import java.util.Objects;

/**
 * A step of the persona did not run: another node held the persona's lease for longer than a step waits for it. The
 * step runs again later (its task retries soon); nothing of it was done.
 */
public final class PersonaBusyException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient PersonaId personaId;
    private final String heldBy;

    public PersonaBusyException(PersonaId personaId, String heldBy) {
        super(personaId + " is busy on node " + heldBy + "; its step runs again later");
        this.personaId = Objects.requireNonNull(personaId);
        this.heldBy = Objects.requireNonNull(heldBy);
    }

    public PersonaId personaId() {
        return personaId;
    }

    /** The node that held the persona's lease. */
    public String heldBy() {
        return heldBy;
    }
}
