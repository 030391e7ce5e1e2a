package dev.puppetengine.llm.anthropic;

import dev.langchain4j.model.anthropic.AnthropicChatModel;
import dev.langchain4j.model.anthropic.AnthropicTokenUsage;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.puppetengine.llm.ProviderSettings;
import dev.puppetengine.llm.TokenUsage;
import dev.puppetengine.llm.langchain4j.BridgedLanguageModel;
import dev.puppetengine.llm.langchain4j.ChatModelBridge;
import dev.puppetengine.llm.langchain4j.HeaderAwareHttpClient;
import java.time.Duration;

/**
 * Anthropic's Messages API. The system prompt (which holds the stable part of every prompt) is marked for prompt
 * caching; cache reads ({@code cache_read_input_tokens}) are reported as cached input. Structured answers are asked
 * for with a JSON template in the prompt and parsed on our side. No frequency/presence penalties, and temperature
 * without top-p (the API refuses both on recent models). Retries are left to the caller.
 */
public final class AnthropicModel extends BridgedLanguageModel {

    public AnthropicModel(ProviderSettings settings) {
        super(settings.name() + ":" + settings.model(), bridge(settings));
    }

    private static ChatModelBridge bridge(ProviderSettings settings) {
        var chat = AnthropicChatModel.builder()
                .baseUrl(settings.baseUrl())
                .apiKey(settings.apiKey())
                .modelName(settings.model())
                .httpClientBuilder(HeaderAwareHttpClient.builder()
                        .connectTimeout(Duration.ofSeconds(10))
                        .readTimeout(settings.timeout()))
                .timeout(settings.timeout())
                .maxRetries(0)
                .cacheSystemMessages(true)
                .build();
        return new ChatModelBridge(
                settings.name(),
                chat,
                settings.model(),
                new ChatModelBridge.Capabilities(false, false, ChatModelBridge.StructuredMode.PROMPT),
                AnthropicModel::usage);
    }

    /** Anthropic's {@code input_tokens} excludes cache reads and writes; our input counts them all. */
    private static TokenUsage usage(ChatResponse response) {
        TokenUsage plain = ChatModelBridge.usage(response, 0);
        if (response.tokenUsage() instanceof AnthropicTokenUsage anthropic) {
            int read = anthropic.cacheReadInputTokens() == null ? 0 : anthropic.cacheReadInputTokens();
            int written = anthropic.cacheCreationInputTokens() == null ? 0 : anthropic.cacheCreationInputTokens();
            return new TokenUsage(plain.input() + read + written, plain.output(), read);
        }
        return plain;
    }
}
