package dev.puppetengine.memory;

import java.util.Objects;

/** The embedding of one memory by one model: a unit-length vector. The array is shared, not copied: never mutate it. */
@SuppressWarnings("ArrayRecordComponent") // vectors are large and hot; equality by identity is never needed
public record MemoryEmbedding(long memoryId, String model, float[] vector) {

    public MemoryEmbedding {
        Objects.requireNonNull(model);
        if (vector.length == 0) {
            throw new IllegalArgumentException("empty embedding of memory " + memoryId);
        }
    }
}
