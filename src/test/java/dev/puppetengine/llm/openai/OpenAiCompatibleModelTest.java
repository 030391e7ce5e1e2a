package dev.puppetengine.llm.openai;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.puppetengine.llm.CallSampling;
import dev.puppetengine.llm.CallType;
import dev.puppetengine.llm.ChatMessage;
import dev.puppetengine.llm.Generation;
import dev.puppetengine.llm.GenerationRequest;
import dev.puppetengine.llm.ProviderSettings;
import dev.puppetengine.llm.ReactionDecision;
import dev.puppetengine.llm.TestPersonas;
import dev.puppetengine.llm.TokenUsage;
import dev.puppetengine.llm.WireFormats;
import dev.puppetengine.shared.ExternalServiceException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OpenAiCompatibleModelTest {

    private static final String KEY = "sk-test-0123456789abcdefghijklmnop";

    private final WireMockServer server = new WireMockServer(options().dynamicPort());

    @BeforeEach
    void start() {
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    private OpenAiCompatibleModel model(String name, String path, String structuredMode) {
        return new OpenAiCompatibleModel(new ProviderSettings(
                name,
                ProviderSettings.Kind.OPENAI_COMPATIBLE,
                server.baseUrl() + path,
                KEY,
                "gpt-4o-mini",
                Duration.ofSeconds(5),
                structuredMode));
    }

    private static GenerationRequest request(CallType type) {
        return new GenerationRequest(
                TestPersonas.persona("ada").provider("openai").build(),
                type,
                List.of(ChatMessage.system("You are Ada."), ChatMessage.user("## Task\nWrite a post.")),
                CallSampling.defaultFor(type),
                1);
    }

    @Test
    void generates_a_post_and_reports_usage_with_cached_tokens() {
        server.stubFor(post(urlEqualTo("/v1/chat/completions"))
                .willReturn(aResponse()
                        .withHeader("Content-Type", "application/json")
                        .withBody(WireFormats.openAiCompletion("Tide pools are tiny universes.", 1117, 12, 1024))));

        Generation generation = model("openai", "/v1", "json-schema").generate(request(CallType.NEW_POST));

        assertThat(generation.text()).isEqualTo("Tide pools are tiny universes.");
        assertThat(generation.usage()).isEqualTo(new TokenUsage(1117, 12, 1024));
        assertThat(generation.model()).isEqualTo("gpt-4o-mini-2024-07-18");
        assertThat(generation.finishReason()).isEqualTo(Generation.FinishReason.STOP);
        server.verify(postRequestedFor(urlEqualTo("/v1/chat/completions"))
                .withHeader("Authorization", equalTo("Bearer " + KEY))
                .withRequestBody(matchingJsonPath("$.model", equalTo("gpt-4o-mini")))
                .withRequestBody(matchingJsonPath("$.temperature", equalTo("0.9")))
                .withRequestBody(matchingJsonPath("$.presence_penalty", equalTo("1.0")))
                .withRequestBody(matchingJsonPath("$.messages[0].role", equalTo("system")))
                .withRequestBody(matchingJsonPath("$.messages[1].content", containing("Write a post."))));
    }

    @Test
    void a_persona_model_override_is_sent() {
        server.stubFor(post(urlEqualTo("/v1/chat/completions"))
                .willReturn(aResponse()
                        .withHeader("Content-Type", "application/json")
                        .withBody(WireFormats.openAiCompletion("ok then", 10, 2, 0))));
        var persona = TestPersonas.persona("ada")
                .llmConfig(new dev.puppetengine.persona.PersonaSpec.LlmConfig("gpt-4.1", 0.5, 60, null, null, null))
                .build();
        var options = CallSampling.defaultsOnly().optionsFor(persona, CallType.REPLY);
        model("openai", "/v1", "json-schema")
                .generate(new GenerationRequest(persona, CallType.REPLY, List.of(ChatMessage.user("hi")), options, 1));
        server.verify(postRequestedFor(urlEqualTo("/v1/chat/completions"))
                .withRequestBody(matchingJsonPath("$.model", equalTo("gpt-4.1")))
                .withRequestBody(matchingJsonPath("$.temperature", equalTo("0.5"))));
    }

    @Test
    void a_structured_decision_is_asked_for_with_a_json_schema() {
        server.stubFor(post(urlEqualTo("/v1/chat/completions"))
                .willReturn(aResponse()
                        .withHeader("Content-Type", "application/json")
                        .withBody(WireFormats.openAiCompletion(
                                "{\"action\": \"quote\", \"reason\": \"it is about tide pools\"}", 300, 20, 0))));

        var structured = model("openai", "/v1", "json-schema")
                .generateStructured(request(CallType.REACTION_DECISION), ReactionDecision.class);

        assertThat(structured.value())
                .isEqualTo(new ReactionDecision(ReactionDecision.Action.QUOTE, "it is about tide pools"));
        server.verify(postRequestedFor(urlEqualTo("/v1/chat/completions"))
                .withRequestBody(matchingJsonPath("$.response_format.type", equalTo("json_schema")))
                .withRequestBody(matchingJsonPath(
                        "$.response_format.json_schema.schema.properties.action.enum[0]", equalTo("reply"))));
    }

    @Test
    void a_compatible_server_at_a_custom_base_url_works_in_json_mode() {
        server.stubFor(post(urlEqualTo("/ollama/v1/chat/completions"))
                .willReturn(aResponse()
                        .withHeader("Content-Type", "application/json")
                        .withBody(WireFormats.openAiCompletion(
                                "```json\n{\"action\": \"like\", \"reason\": \"nice\"}\n```", 200, 15, 0))));

        var ollama = model("ollama", "/ollama/v1", "json-mode");
        var structured = ollama.generateStructured(request(CallType.REACTION_DECISION), ReactionDecision.class);
        var post = ollama.generate(request(CallType.NEW_POST));

        assertThat(ollama.name()).isEqualTo("ollama:gpt-4o-mini");
        assertThat(structured.value().action()).isEqualTo(ReactionDecision.Action.LIKE);
        assertThat(post.text()).contains("like");
        server.verify(postRequestedFor(urlEqualTo("/ollama/v1/chat/completions"))
                .withRequestBody(matchingJsonPath("$.response_format.type", equalTo("json_object"))));
    }

    @Nested
    class Errors {

        @ParameterizedTest(name = "HTTP {0} -> {1}")
        @CsvSource({
            "400, InvalidRequest",
            "401, AuthFailed",
            "403, AuthFailed",
            "404, InvalidRequest",
            "408, TimedOut",
            "422, InvalidRequest",
            "429, RateLimited",
            "500, Unavailable",
            "502, Unavailable",
            "503, Unavailable"
        })
        void a_status_maps_to_its_exception(int status, String exception) {
            server.stubFor(post(urlEqualTo("/v1/chat/completions"))
                    .willReturn(aResponse()
                            .withStatus(status)
                            .withHeader("Content-Type", "application/json")
                            .withHeader("retry-after", "7")
                            .withBody(WireFormats.openAiError(
                                    "Incorrect API key provided: " + KEY,
                                    "invalid_request_error",
                                    "invalid_api_key"))));

            Throwable thrown =
                    catchThrowable(() -> model("openai", "/v1", "json-schema").generate(request(CallType.NEW_POST)));

            assertThat(thrown).isInstanceOf(ExternalServiceException.class);
            assertThat(thrown.getClass().getSimpleName()).isEqualTo(exception);
            assertThat(thrown.getMessage()).contains("HTTP " + status).doesNotContain(KEY);
            server.verify(1, postRequestedFor(urlEqualTo("/v1/chat/completions")));
        }

        @Test
        void a_rate_limit_carries_the_retry_after() {
            server.stubFor(post(urlEqualTo("/v1/chat/completions"))
                    .willReturn(aResponse()
                            .withStatus(429)
                            .withHeader("retry-after", "7")
                            .withBody(
                                    WireFormats.openAiError("Rate limit reached", "requests", "rate_limit_exceeded"))));

            Throwable thrown =
                    catchThrowable(() -> model("openai", "/v1", "json-schema").generate(request(CallType.NEW_POST)));

            assertThat(thrown)
                    .isInstanceOfSatisfying(
                            ExternalServiceException.RateLimited.class,
                            e -> assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(7)));
        }

        @Test
        void a_refused_connection_is_unavailable() {
            int port = server.port();
            server.stop();
            var model = new OpenAiCompatibleModel(new ProviderSettings(
                    "openai",
                    ProviderSettings.Kind.OPENAI_COMPATIBLE,
                    "http://127.0.0.1:" + port + "/v1",
                    KEY,
                    "gpt-4o-mini",
                    Duration.ofSeconds(2),
                    "json-schema"));
            assertThat(catchThrowable(() -> model.generate(request(CallType.NEW_POST))))
                    .isInstanceOf(ExternalServiceException.Unavailable.class);
        }
    }
}
