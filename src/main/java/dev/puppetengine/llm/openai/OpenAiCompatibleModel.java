package dev.puppetengine.llm.openai;

import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiTokenUsage;
import dev.puppetengine.llm.ProviderSettings;
import dev.puppetengine.llm.langchain4j.BridgedLanguageModel;
import dev.puppetengine.llm.langchain4j.ChatModelBridge;
import dev.puppetengine.llm.langchain4j.HeaderAwareHttpClient;
import java.time.Duration;
import java.util.Locale;

/**
 * A chat-completions server: OpenAI, or any compatible one at its base URL (xAI Grok, Ollama, vLLM, OpenRouter).
 * Structured answers use a strict JSON schema unless the settings ask for JSON mode or a prompted template. Cached
 * input tokens come from {@code usage.prompt_tokens_details.cached_tokens}. Retries are left to the caller.
 */
public final class OpenAiCompatibleModel extends BridgedLanguageModel {

    public OpenAiCompatibleModel(ProviderSettings settings) {
        super(settings.name() + ":" + settings.model(), bridge(settings));
    }

    private static ChatModelBridge bridge(ProviderSettings settings) {
        var chat = OpenAiChatModel.builder()
                .baseUrl(settings.baseUrl())
                .apiKey(settings.apiKey().isEmpty() ? "none" : settings.apiKey())
                .modelName(settings.model())
                .httpClientBuilder(HeaderAwareHttpClient.builder()
                        .connectTimeout(Duration.ofSeconds(10))
                        .readTimeout(settings.timeout()))
                .timeout(settings.timeout())
                .maxRetries(0)
                .strictJsonSchema(true)
                .build();
        return new ChatModelBridge(
                settings.name(),
                chat,
                settings.model(),
                new ChatModelBridge.Capabilities(true, true, structuredMode(settings.structuredMode())),
                response -> ChatModelBridge.usage(response, cachedTokens(response)));
    }

    private static int cachedTokens(ChatResponse response) {
        if (response.tokenUsage() instanceof OpenAiTokenUsage usage
                && usage.inputTokensDetails() != null
                && usage.inputTokensDetails().cachedTokens() != null) {
            return usage.inputTokensDetails().cachedTokens();
        }
        return 0;
    }

    static ChatModelBridge.StructuredMode structuredMode(String configured) {
        return switch (configured.strip().toLowerCase(Locale.ROOT)) {
            case "json-mode", "json_mode", "json" -> ChatModelBridge.StructuredMode.JSON_MODE;
            case "prompt" -> ChatModelBridge.StructuredMode.PROMPT;
            default -> ChatModelBridge.StructuredMode.JSON_SCHEMA;
        };
    }
}
