package dev.puppetengine.memory;

import java.util.Objects;

/** A recalled memory with its recall score and the parts of it that vary: recency in (0, 1] and cosine. */
public record ScoredMemory(Memory memory, double score, double recency, double cosine) {

    public ScoredMemory {
        Objects.requireNonNull(memory);
    }
}
