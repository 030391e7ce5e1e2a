package dev.puppetengine.memory;

import dev.puppetengine.llm.Embedder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * A deterministic embedder that hashes lower-cased words and word bigrams into a unit vector: texts that share
 * words are close, paraphrases are not. For tests and machines without room for the real model.
 */
public final class HashingEmbedder implements Embedder {

    private final int dimensions;

    public HashingEmbedder(int dimensions) {
        if (dimensions < 8) {
            throw new IllegalArgumentException("dimensions must be at least 8: " + dimensions);
        }
        this.dimensions = dimensions;
    }

    @Override
    public String modelName() {
        return "hashing-" + dimensions;
    }

    @Override
    public int dimensions() {
        return dimensions;
    }

    @Override
    public List<float[]> embedAll(List<String> texts) {
        return texts.stream().map(this::embedOne).toList();
    }

    private float[] embedOne(String text) {
        float[] vector = new float[dimensions];
        String[] words = text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+");
        String previous = null;
        for (String word : words) {
            if (word.isEmpty()) {
                continue;
            }
            addFeature(vector, word, 1f);
            if (previous != null) {
                addFeature(vector, previous + " " + word, 0.5f);
            }
            previous = word;
        }
        double norm = 0;
        for (float v : vector) {
            norm += (double) v * v;
        }
        if (norm == 0) {
            vector[0] = 1;
            return vector;
        }
        float inverse = (float) (1 / Math.sqrt(norm));
        for (int i = 0; i < dimensions; i++) {
            vector[i] *= inverse;
        }
        return vector;
    }

    private void addFeature(float[] vector, String feature, float weight) {
        long hash = fnv1a(feature);
        int index = (int) Math.floorMod(hash, (long) dimensions);
        vector[index] += ((hash >>> 40) & 1) == 0 ? weight : -weight;
    }

    private static long fnv1a(String feature) {
        long hash = 0xcbf29ce484222325L;
        for (byte b : feature.getBytes(StandardCharsets.UTF_8)) {
            hash ^= b & 0xff;
            hash *= 0x100000001b3L;
        }
        return hash;
    }
}
