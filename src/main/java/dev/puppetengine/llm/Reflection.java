package dev.puppetengine.llm;

import java.util.List;
import java.util.Objects;

/** One to three summaries condensing a persona's recent memories (DESIGN §4.6); extra summaries are dropped. */
public record Reflection(List<String> summaries) {

    public static final int MAX_SUMMARIES = 3;

    public Reflection {
        Objects.requireNonNull(summaries, "summaries");
        List<String> kept = summaries.stream()
                .filter(Objects::nonNull)
                .map(String::strip)
                .filter(s -> !s.isEmpty())
                .map(s -> StructuredValues.truncate(s, 1000))
                .limit(MAX_SUMMARIES)
                .toList();
        if (kept.isEmpty()) {
            throw new IllegalArgumentException("summaries: at least one non-blank summary is required");
        }
        summaries = kept;
    }
}
