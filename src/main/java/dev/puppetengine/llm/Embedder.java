package dev.puppetengine.llm;

import java.util.List;

/** Turns texts into unit-length vectors of {@link #dimensions()} floats. Thread-safe; may be slow (ms per text). */
public interface Embedder {

    /** Identifies the model, stored with each embedding so a model change re-embeds. */
    String modelName();

    int dimensions();

    List<float[]> embedAll(List<String> texts);

    default float[] embed(String text) {
        return embedAll(List.of(text)).get(0);
    }
}
