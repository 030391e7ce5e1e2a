package dev.puppetengine.agent;

import dev.puppetengine.persona.PersonaId;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** The persisted decision log (what each persona decided and why). Joins the caller's transaction. Thread-safe. */
public interface DecisionLog {

    void record(Decision decision);

    /** Newest first; all personas when {@code personaId} is null. */
    List<Decision> listRecent(@Nullable PersonaId personaId, int limit);
}
