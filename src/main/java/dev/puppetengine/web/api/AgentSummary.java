package dev.puppetengine.web.api;

import dev.puppetengine.agent.Mood;
import dev.puppetengine.agent.PersonaState;
import dev.puppetengine.persona.PersonaSpec;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One persona in {@code GET /api/agents}: its identity from the file, its state (with its health: {@code status},
 * {@code statusDetail}) from the database, and its {@code approval} mode (set at run time, else the file's).
 */
public record AgentSummary(
        String id,
        String name,
        String description,
        boolean active,
        Mood mood,
        String status,
        @Nullable String statusDetail,
        @Nullable Instant lastPostAt,
        @Nullable Instant nextPostAt,
        String approval,
        @Nullable String node) {

    /** {@code node}: the engine node the persona's last step ran on, null before any (docs/CLUSTER.md). */
    static AgentSummary of(
            PersonaSpec persona, PersonaState state, PersonaSpec.Approval approval, @Nullable String node) {
        return new AgentSummary(
                persona.id().value(),
                persona.name(),
                persona.description(),
                state.active(),
                state.mood(),
                state.status(),
                state.statusDetail(),
                state.lastPostAt(),
                state.nextPostAt(),
                approval.wireName(),
                node);
    }
}
