package dev.puppetengine.agent;

import dev.puppetengine.memory.Memory;
import dev.puppetengine.memory.Reflection;
import dev.puppetengine.persona.PersonaSpec;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Runs reflection from the engine (DESIGN §4.6): after a persona's step, once it has {@code
 * puppet.memory.reflection-threshold} memories newer than its last reflection, they are condensed into 1–3
 * {@code reflection} memories ({@link Reflection}) and a {@code reflection} decision shows what they say. The periodic
 * memory job remains a backstop for personas that do nothing.
 */
public final class Reflecting {

    private final Reflection reflection;
    private final DecisionLog decisions;
    private final Clock clock;

    public Reflecting(Reflection reflection, DecisionLog decisions, Clock clock) {
        this.reflection = Objects.requireNonNull(reflection);
        this.decisions = Objects.requireNonNull(decisions);
        this.clock = Objects.requireNonNull(clock);
    }

    /** Reflects when due; returns the reflection memories stored (none when not due or postponed). */
    public List<Memory> reflectIfDue(PersonaSpec persona) {
        List<Memory> stored = reflection.reflectIfDue(persona);
        if (!stored.isEmpty()) {
            String summaries = stored.stream().map(Memory::content).collect(Collectors.joining(" | "));
            decisions.record(new Decision(
                    persona.id(),
                    Decision.Kind.REFLECTION,
                    Decision.Outcome.UPDATED,
                    "reflected on " + stored.getFirst().sourceIds().size() + " memories: " + summaries,
                    "memory:" + stored.getFirst().id(),
                    clock.instant()));
        }
        return stored;
    }
}
