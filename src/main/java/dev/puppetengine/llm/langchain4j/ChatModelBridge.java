package dev.puppetengine.llm.langchain4j;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.DefaultChatRequestParameters;
import dev.langchain4j.model.chat.request.ResponseFormat;
import dev.langchain4j.model.chat.request.ResponseFormatType;
import dev.langchain4j.model.chat.request.json.JsonArraySchema;
import dev.langchain4j.model.chat.request.json.JsonEnumSchema;
import dev.langchain4j.model.chat.request.json.JsonNumberSchema;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonSchema;
import dev.langchain4j.model.chat.request.json.JsonSchemaElement;
import dev.langchain4j.model.chat.request.json.JsonStringSchema;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.puppetengine.llm.ChatMessage;
import dev.puppetengine.llm.Generation;
import dev.puppetengine.llm.GenerationRequest;
import dev.puppetengine.llm.SamplingOptions;
import dev.puppetengine.llm.Structured;
import dev.puppetengine.llm.StructuredJson;
import dev.puppetengine.llm.TokenUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Sends our requests through a LangChain4j {@link ChatModel} and reads its answers back: messages, sampling options
 * (only those the provider accepts), structured output as JSON schema, JSON mode or a prompted template, usage as
 * the adapter reads it (cached tokens are provider-specific), and failures mapped in one place by {@link ProviderFailures}.
 */
public final class ChatModelBridge {

    /** How the provider is asked for a structured answer. */
    public enum StructuredMode {
        JSON_SCHEMA,
        JSON_MODE,
        PROMPT
    }

    /** Which sampling options the provider accepts; the others are left out of the request. */
    public record Capabilities(boolean penalties, boolean topPWithTemperature, StructuredMode structuredMode) {}

    private final String service;
    private final ChatModel model;
    private final String defaultModel;
    private final Capabilities capabilities;
    private final Function<ChatResponse, TokenUsage> usage;

    public ChatModelBridge(
            String service,
            ChatModel model,
            String defaultModel,
            Capabilities capabilities,
            Function<ChatResponse, TokenUsage> usage) {
        this.service = service;
        this.model = model;
        this.defaultModel = defaultModel;
        this.capabilities = capabilities;
        this.usage = usage;
    }

    public Generation generate(GenerationRequest request) {
        return call(messages(request.messages(), null), parameters(request.options(), null));
    }

    public <T extends Record> Structured<T> generateStructured(GenerationRequest request, Class<T> type) {
        String instruction =
                "Answer with one JSON object only, no other text, of this form: " + StructuredJson.template(type);
        ResponseFormat format = switch (capabilities.structuredMode()) {
            case JSON_SCHEMA ->
                ResponseFormat.builder()
                        .type(ResponseFormatType.JSON)
                        .jsonSchema(JsonSchema.builder()
                                .name(type.getSimpleName())
                                .rootElement(schemaOf(type))
                                .build())
                        .build();
            case JSON_MODE -> ResponseFormat.JSON;
            case PROMPT -> null;
        };
        Generation generation = call(messages(request.messages(), instruction), parameters(request.options(), format));
        return new Structured<>(StructuredJson.parse(generation, type), generation);
    }

    private Generation call(
            List<dev.langchain4j.data.message.ChatMessage> messages, DefaultChatRequestParameters params) {
        ChatResponse response;
        try {
            response = model.chat(
                    ChatRequest.builder().messages(messages).parameters(params).build());
        } catch (RuntimeException e) {
            throw ProviderFailures.map(service, e);
        }
        String text = response.aiMessage() == null || response.aiMessage().text() == null
                ? ""
                : response.aiMessage().text();
        String modelName = response.modelName() != null ? response.modelName() : params.modelName();
        return new Generation(
                text,
                usage.apply(response),
                modelName == null ? defaultModel : modelName,
                finishReason(response.finishReason()));
    }

    private DefaultChatRequestParameters parameters(SamplingOptions options, @Nullable ResponseFormat format) {
        var builder = DefaultChatRequestParameters.builder()
                .modelName(options.model() != null ? options.model() : defaultModel)
                .temperature(options.temperature())
                .maxOutputTokens(options.maxOutputTokens());
        if (capabilities.topPWithTemperature() && options.topP() != null) {
            builder.topP(options.topP());
        }
        if (capabilities.penalties()) {
            builder.frequencyPenalty(options.frequencyPenalty()).presencePenalty(options.presencePenalty());
        }
        if (format != null) {
            builder.responseFormat(format);
        }
        return (DefaultChatRequestParameters) builder.build();
    }

    private static List<dev.langchain4j.data.message.ChatMessage> messages(
            List<ChatMessage> messages, @Nullable String instruction) {
        List<dev.langchain4j.data.message.ChatMessage> result = new ArrayList<>();
        StringBuilder system = new StringBuilder();
        for (ChatMessage message : messages) {
            if (message.role() == ChatMessage.Role.SYSTEM) {
                system.append(system.isEmpty() ? "" : "\n\n").append(message.content());
            }
        }
        if (!system.isEmpty()) {
            result.add(SystemMessage.from(system.toString()));
        }
        for (ChatMessage message : messages) {
            switch (message.role()) {
                case SYSTEM -> {}
                case USER -> result.add(UserMessage.from(message.content()));
                case ASSISTANT -> result.add(AiMessage.from(message.content()));
            }
        }
        if (instruction != null) {
            result.add(UserMessage.from(instruction));
        }
        return result;
    }

    static JsonObjectSchema schemaOf(Class<? extends Record> type) {
        var builder = JsonObjectSchema.builder();
        List<String> required = new ArrayList<>();
        for (StructuredJson.Field field : StructuredJson.fields(type)) {
            JsonSchemaElement element = switch (field.kind()) {
                case STRING -> new JsonStringSchema();
                case NUMBER -> new JsonNumberSchema();
                case ENUM -> JsonEnumSchema.builder().enumValues(field.values()).build();
                case STRING_LIST ->
                    JsonArraySchema.builder().items(new JsonStringSchema()).build();
            };
            builder.addProperty(field.name(), element);
            required.add(field.name());
        }
        return builder.required(required).additionalProperties(false).build();
    }

    private static Generation.FinishReason finishReason(dev.langchain4j.model.output.@Nullable FinishReason reason) {
        if (reason == null) {
            return Generation.FinishReason.OTHER;
        }
        return switch (reason) {
            case STOP -> Generation.FinishReason.STOP;
            case LENGTH -> Generation.FinishReason.LENGTH;
            case CONTENT_FILTER -> Generation.FinishReason.CONTENT_FILTER;
            default -> Generation.FinishReason.OTHER;
        };
    }

    /** Input and output tokens as LangChain4j reports them, with {@code cached} from the adapter. */
    public static TokenUsage usage(ChatResponse response, int cached) {
        var usage = response.tokenUsage();
        int input = usage == null || usage.inputTokenCount() == null ? 0 : usage.inputTokenCount();
        int output = usage == null || usage.outputTokenCount() == null ? 0 : usage.outputTokenCount();
        return new TokenUsage(input, output, Math.max(0, Math.min(cached, input)));
    }
}
