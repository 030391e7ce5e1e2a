package dev.puppetengine.llm;

import dev.puppetengine.persona.PersonaId;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/** Token usage and cost of every model call, for budgets and reports. Thread-safe. */
public interface UsageLedger {

    void record(Entry entry);

    /** Tokens (input + output) and cost of one persona's calls at or after {@code since}. */
    Totals totalsSince(PersonaId personaId, Instant since);

    /** Per persona, call type, provider and model, calls at or after {@code since}; ordered by persona. */
    List<Line> linesSince(Instant since);

    /** One model call. */
    record Entry(
            PersonaId personaId,
            CallType callType,
            String provider,
            String model,
            TokenUsage usage,
            double costUsd,
            Instant at) {
        public Entry {
            Objects.requireNonNull(personaId);
            Objects.requireNonNull(callType);
        }
    }

    record Totals(long tokens, double costUsd) {}

    record Line(
            String personaId,
            String callType,
            String provider,
            String model,
            long calls,
            long inputTokens,
            long outputTokens,
            long cachedTokens,
            double costUsd) {}
}
