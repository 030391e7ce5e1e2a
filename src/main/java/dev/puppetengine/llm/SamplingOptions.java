package dev.puppetengine.llm;

import org.jspecify.annotations.Nullable;

/** Sampling parameters of one call; null means the provider's default. */
public record SamplingOptions(
        @Nullable String model,
        double temperature,
        @Nullable Double topP,
        @Nullable Double frequencyPenalty,
        @Nullable Double presencePenalty,
        int maxOutputTokens) {}
