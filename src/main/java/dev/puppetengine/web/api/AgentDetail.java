package dev.puppetengine.web.api;

import dev.puppetengine.agent.Mood;
import dev.puppetengine.agent.PersonaState;
import dev.puppetengine.persona.PersonaSpec;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * {@code GET /api/agents/{id}}: the summary fields, the persona's runtime {@link State} and its configuration as loaded
 * from its file, with every secret redacted ({@code Secret.redacted()}: the {@code ${ENV}} reference or
 * {@code [redacted]}).
 */
public record AgentDetail(
        String id,
        String name,
        String description,
        boolean active,
        Mood mood,
        @Nullable Instant lastPostAt,
        @Nullable Instant nextPostAt,
        @Nullable String node,
        State state,

        @Schema(
                implementation = Object.class,
                description = "the persona's configuration as loaded from its file, every secret redacted")
        PersonaSpec config) {

    /** The runtime state beyond the summary; {@code memories} and {@code relationships} are counts. */
    public record State(
            String status,
            @Nullable String statusDetail,
            @Nullable Instant moodUpdatedAt,
            @Nullable Instant lastOriginalPostAt,
            @Nullable Instant seededAt,
            Instant createdAt,
            long memories,
            int relationships) {}

    /** {@code node}: the engine node the persona's last step ran on, null before any (docs/CLUSTER.md). */
    static AgentDetail of(
            PersonaSpec redactedConfig, PersonaState state, long memories, int relationships, @Nullable String node) {
        return new AgentDetail(
                redactedConfig.id().value(),
                redactedConfig.name(),
                redactedConfig.description(),
                state.active(),
                state.mood(),
                state.lastPostAt(),
                state.nextPostAt(),
                node,
                new State(
                        state.status(),
                        state.statusDetail(),
                        state.moodUpdatedAt(),
                        state.lastOriginalPostAt(),
                        state.seededAt(),
                        state.createdAt(),
                        memories,
                        relationships),
                redactedConfig);
    }
}
