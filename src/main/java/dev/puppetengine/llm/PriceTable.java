package dev.puppetengine.llm;

import java.util.Comparator;
import java.util.Map;

/**
 * Prices in USD per million tokens by model name; a served model name ({@code gpt-4o-mini-2024-07-18}) is priced by
 * the longest configured name it starts with, both compared by {@link LlmProperties#looseKey} (case, dashes and dots
 * aside, so {@code gpt-4-1-mini} or {@code gpt41mini} prices {@code gpt-4.1-mini-2025-04-14}). Unknown models cost 0
 * (and usage still counts tokens).
 */
public final class PriceTable {

    private final Map<String, LlmProperties.Price> prices;

    public PriceTable(Map<String, LlmProperties.Price> prices) {
        this.prices = Map.copyOf(prices);
    }

    public double costUsd(String model, TokenUsage usage) {
        String served = LlmProperties.looseKey(model);
        return prices.entrySet().stream()
                .filter(e -> served.startsWith(LlmProperties.looseKey(e.getKey())))
                .max(Comparator.comparingInt(
                        e -> LlmProperties.looseKey(e.getKey()).length()))
                .map(e -> {
                    LlmProperties.Price price = e.getValue();
                    double uncached = Math.max(0, usage.input() - usage.cached());
                    return (uncached * price.input()
                                    + usage.cached() * price.cached()
                                    + usage.output() * price.output())
                            / 1_000_000d;
                })
                .orElse(0d);
    }
}
