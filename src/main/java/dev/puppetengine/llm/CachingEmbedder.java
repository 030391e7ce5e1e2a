package dev.puppetengine.llm;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;

/**
 * An {@link Embedder} that remembers the vectors of the texts it embedded, up to {@code maxBytes}: a post is embedded
 * once for the near-duplicate check of its draft and its vector serves the memory of it and the later checks of the
 * persona's next drafts, instead of a model run each (three to seven per post at thousands of personas). The vectors
 * returned are shared: callers must not change them. Thread-safe.
 */
public final class CachingEmbedder implements Embedder {

    private static final int ENTRY_OVERHEAD_BYTES = 96;

    private final Embedder delegate;
    private final Cache<String, float[]> vectors;

    public CachingEmbedder(Embedder delegate, long maxBytes) {
        this.delegate = Objects.requireNonNull(delegate);
        this.vectors = Caffeine.newBuilder()
                .maximumWeight(maxBytes)
                .weigher((String text, float[] vector) ->
                        ENTRY_OVERHEAD_BYTES + 2 * text.length() + Float.BYTES * vector.length)
                .build();
    }

    @Override
    public String modelName() {
        return delegate.modelName();
    }

    @Override
    public int dimensions() {
        return delegate.dimensions();
    }

    @Override
    public List<float[]> embedAll(List<String> texts) {
        List<String> missing = new ArrayList<>(new LinkedHashSet<>(texts));
        missing.removeIf(text -> vectors.getIfPresent(text) != null);
        if (!missing.isEmpty()) {
            List<float[]> embedded = delegate.embedAll(missing);
            for (int i = 0; i < missing.size(); i++) {
                vectors.put(missing.get(i), embedded.get(i));
            }
        }
        List<float[]> result = new ArrayList<>(texts.size());
        for (String text : texts) {
            float[] vector = vectors.getIfPresent(text);
            // evicted between the two looks (a tiny cache under load): embed it again
            result.add(vector != null ? vector : delegate.embed(text));
        }
        return result;
    }
}
