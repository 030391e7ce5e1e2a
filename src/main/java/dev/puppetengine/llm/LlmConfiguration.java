package dev.puppetengine.llm;

import dev.puppetengine.llm.offline.OfflineComposer;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the language models: the offline composer always, real providers when their keys are configured. */
@Configuration(proxyBeanMethods = false)
class LlmConfiguration {

    @Bean
    OfflineComposer offlineComposer() {
        return new OfflineComposer();
    }

    @Bean
    LanguageModels languageModels(OfflineComposer offlineComposer) {
        return new LanguageModels(Map.of(), offlineComposer);
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
    CallSampling callSampling() {
        return CallSampling.defaultsOnly();
    }
}
