package dev.puppetengine.memory;

import java.time.Duration;
import java.util.Objects;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * {@code puppet.memory.*} (DESIGN §4.6): recall size, weights and time constant τ, reflection threshold and job
 * interval, retention
 * cap and interval, the byte budget of the in-memory recall indexes, and the embedder.
 */
@ConfigurationProperties("puppet.memory")
public record MemoryProperties(
        @DefaultValue("8") int recallK,
        @DefaultValue("1.0") double recencyWeight,
        @DefaultValue("1.0") double importanceWeight,
        @DefaultValue("1.0") double relevanceWeight,
        @DefaultValue("7d") Duration tau,
        @DefaultValue("20") int reflectionThreshold,
        @DefaultValue("1m") Duration reflectionInterval,
        @DefaultValue("20000") int retentionCap,
        @DefaultValue("1h") Duration retentionInterval,
        @DefaultValue("512MB") DataSize indexMaxSize,
        @DefaultValue("minilm") EmbedderKind embedder,
        @DefaultValue("32") int embeddingBatchSize) {

    /** Which embedder makes memory embeddings. */
    public enum EmbedderKind {
        /** all-MiniLM-L6-v2 in process (384 dimensions, offline). */
        MINILM,
        /** {@link HashingEmbedder}: deterministic, fast, lexical only — for tests and tiny machines. */
        HASHING
    }

    public static final MemoryProperties DEFAULTS = new MemoryProperties(
            8,
            1,
            1,
            1,
            Duration.ofDays(7),
            20,
            Duration.ofMinutes(1),
            20_000,
            Duration.ofHours(1),
            DataSize.ofMegabytes(512),
            EmbedderKind.MINILM,
            32);

    public MemoryProperties {
        Objects.requireNonNull(tau);
        Objects.requireNonNull(retentionInterval);
        Objects.requireNonNull(reflectionInterval);
        if (reflectionInterval.isNegative() || reflectionInterval.isZero()) {
            throw new IllegalArgumentException(
                    "puppet.memory.reflection-interval must be positive: " + reflectionInterval);
        }
        Objects.requireNonNull(indexMaxSize);
        Objects.requireNonNull(embedder);
        requirePositive("puppet.memory.recall-k", recallK);
        requirePositive("puppet.memory.reflection-threshold", reflectionThreshold);
        requirePositive("puppet.memory.retention-cap", retentionCap);
        requirePositive("puppet.memory.embedding-batch-size", embeddingBatchSize);
        if (tau.isNegative() || tau.isZero()) {
            throw new IllegalArgumentException("puppet.memory.tau must be positive: " + tau);
        }
        if (retentionInterval.isNegative() || retentionInterval.isZero()) {
            throw new IllegalArgumentException(
                    "puppet.memory.retention-interval must be positive: " + retentionInterval);
        }
        new RecallWeights(recencyWeight, importanceWeight, relevanceWeight);
    }

    public RecallWeights weights() {
        return new RecallWeights(recencyWeight, importanceWeight, relevanceWeight);
    }

    public MemoryProperties withWeights(RecallWeights weights) {
        return new MemoryProperties(
                recallK,
                weights.recency(),
                weights.importance(),
                weights.relevance(),
                tau,
                reflectionThreshold,
                reflectionInterval,
                retentionCap,
                retentionInterval,
                indexMaxSize,
                embedder,
                embeddingBatchSize);
    }

    public MemoryProperties withRetentionCap(int cap) {
        return new MemoryProperties(
                recallK,
                recencyWeight,
                importanceWeight,
                relevanceWeight,
                tau,
                reflectionThreshold,
                reflectionInterval,
                cap,
                retentionInterval,
                indexMaxSize,
                embedder,
                embeddingBatchSize);
    }

    public MemoryProperties withReflectionThreshold(int threshold) {
        return new MemoryProperties(
                recallK,
                recencyWeight,
                importanceWeight,
                relevanceWeight,
                tau,
                threshold,
                reflectionInterval,
                retentionCap,
                retentionInterval,
                indexMaxSize,
                embedder,
                embeddingBatchSize);
    }

    private static void requirePositive(String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be positive: " + value);
        }
    }
}
