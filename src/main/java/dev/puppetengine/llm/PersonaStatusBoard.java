package dev.puppetengine.llm;

import dev.puppetengine.persona.PersonaId;
import org.jspecify.annotations.Nullable;

/**
 * Where the LLM layer reports a persona's health (its status, shown by {@code /api/agents/{id}}; the agent feature
 * stores it):
 * {@link #AUTH_ERROR} when its provider refuses the key, {@link #BUDGET_EXHAUSTED} when its daily budget is used up,
 * {@link #OK} once it generates again. Details never contain secrets. Thread-safe.
 */
public interface PersonaStatusBoard {

    String OK = "ok";
    String AUTH_ERROR = "auth_error";
    String BUDGET_EXHAUSTED = "budget_exhausted";

    void report(PersonaId personaId, String status, @Nullable String detail);
}
