package dev.puppetengine.llm;

import dev.puppetengine.persona.PersonaId;

/** A persona's daily token or cost budget is used up: no generation until the next UTC day. */
public final class BudgetExhaustedException extends RuntimeException {

    private final PersonaId personaId;
    private final String reason;

    public BudgetExhaustedException(PersonaId personaId, String reason) {
        super(reason);
        this.personaId = personaId;
        this.reason = reason;
    }

    public String reason() {
        return reason;
    }

    public PersonaId personaId() {
        return personaId;
    }
}
