package dev.puppetengine.llm;

import dev.puppetengine.llm.anthropic.AnthropicModel;
import dev.puppetengine.llm.offline.OfflineComposer;
import dev.puppetengine.llm.openai.OpenAiCompatibleModel;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires the language models: the offline composer always; each provider with a key as adapter → retries, circuit
 * breaker and fallback → budget, usage and status accounting.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(LlmProperties.class)
class LlmConfiguration {

    @Bean
    OfflineComposer offlineComposer() {
        return new OfflineComposer();
    }

    @Bean
    LanguageModels languageModels(
            OfflineComposer offlineComposer,
            LlmProperties properties,
            UsageLedger ledger,
            PersonaStatusBoard statusBoard,
            Clock clock,
            MeterRegistry meters) {
        Map<String, ProviderSettings> configured = properties.configuredProviders();
        var prices = new PriceTable(properties.priceTable());
        var resilience = properties.resilience().settings();
        String fallbackName = properties.fallbackProvider();
        LanguageModel fallback = configured.containsKey(fallbackName)
                ? new ResilientLanguageModel(adapter(configured.get(fallbackName)), null, resilience)
                : null;
        Map<String, LanguageModel> models = new HashMap<>();
        configured.forEach((name, settings) -> {
            @Nullable LanguageModel backup = name.equals(fallbackName) ? null : fallback;
            LanguageModel resilient = new ResilientLanguageModel(adapter(settings), backup, resilience);
            models.put(
                    name,
                    new AccountedLanguageModel(
                            resilient, name, ledger, statusBoard, prices, properties, clock, meters));
        });
        return new LanguageModels(models, offlineComposer);
    }

    @Bean
    OutputPolicy outputPolicy(ObjectProvider<Embedder> embedder) {
        return new OutputPolicy(embedder.getIfAvailable());
    }

    @Bean
    PostDrafter postDrafter(LanguageModels languageModels, OutputPolicy outputPolicy) {
        return new PostDrafter(languageModels, outputPolicy);
    }

    @Bean
    StructuredDecisions structuredDecisions(LanguageModels languageModels) {
        return new StructuredDecisions(languageModels);
    }

    @Bean
    PromptComposer promptComposer() {
        return new PromptComposer();
    }

    @Bean
    CallSampling callSampling() {
        return CallSampling.defaultsOnly();
    }

    static LanguageModel adapter(ProviderSettings settings) {
        return switch (settings.kind()) {
            case OPENAI_COMPATIBLE -> new OpenAiCompatibleModel(settings);
            case ANTHROPIC -> new AnthropicModel(settings);
        };
    }
}
