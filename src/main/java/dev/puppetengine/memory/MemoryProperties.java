package dev.puppetengine.memory;

import dev.puppetengine.shared.SettingDefaults;
import jakarta.validation.constraints.Positive;
import java.time.Duration;
import java.util.Objects;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * {@code puppet.memory.*} (DESIGN §4.6): recall size, weights and time constant τ, reflection threshold and job
 * interval, retention
 * cap and interval, the byte budget of the in-memory recall indexes, and the embedder.
 */
@Validated
@ConfigurationProperties("puppet.memory")
public record MemoryProperties(
        @DefaultValue("8") @Positive int recallK,
        @DefaultValue("1.0") double recencyWeight,
        @DefaultValue("1.0") double importanceWeight,
        @DefaultValue("1.0") double relevanceWeight,
        @DefaultValue("7d") Duration tau,
        @DefaultValue("20") @Positive int reflectionThreshold,
        @DefaultValue("1m") Duration reflectionInterval,
        @DefaultValue("20000") @Positive int retentionCap,
        @DefaultValue("1h") Duration retentionInterval,
        @DefaultValue("512MB") DataSize indexMaxSize,
        @DefaultValue("minilm") EmbedderKind embedder,
        @DefaultValue("32") @Positive int embeddingBatchSize) {

    /** Which embedder makes memory embeddings. */
    public enum EmbedderKind {
        /** all-MiniLM-L6-v2 in process (384 dimensions, offline). */
        MINILM,
        /** {@link HashingEmbedder}: deterministic, fast, lexical only — for tests and tiny machines. */
        HASHING
    }

    /** The {@code @DefaultValue}s above, bound from nothing. */
    public static final MemoryProperties DEFAULTS = SettingDefaults.of(MemoryProperties.class);

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
}
