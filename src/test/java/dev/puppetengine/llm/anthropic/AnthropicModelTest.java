package dev.puppetengine.llm.anthropic;

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
import dev.puppetengine.llm.MemoryUpdate;
import dev.puppetengine.llm.ProviderSettings;
import dev.puppetengine.llm.TestPersonas;
import dev.puppetengine.llm.TokenUsage;
import dev.puppetengine.llm.WireFormats;
import dev.puppetengine.shared.ExternalServiceException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AnthropicModelTest {

    private static final String KEY = "sk-ant-api03-test0123456789abcdefghij";

    private final WireMockServer server = new WireMockServer(options().dynamicPort());

    @BeforeEach
    void start() {
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    private AnthropicModel model() {
        return new AnthropicModel(new ProviderSettings(
                "anthropic",
                ProviderSettings.Kind.ANTHROPIC,
                server.baseUrl() + "/v1/",
                KEY,
                "claude-haiku-4-5",
                Duration.ofSeconds(5),
                "prompt"));
    }

    private static GenerationRequest request(CallType type, String task) {
        return new GenerationRequest(
                TestPersonas.persona("ada").provider("anthropic").build(),
                type,
                List.of(ChatMessage.system("You are Ada."), ChatMessage.user(task)),
                CallSampling.defaultFor(type),
                1);
    }

    @Test
    void generates_a_reply_and_counts_cache_reads_as_cached_input() {
        server.stubFor(post(urlEqualTo("/v1/messages"))
                .willReturn(aResponse()
                        .withHeader("Content-Type", "application/json")
                        .withBody(WireFormats.anthropicMessage("Fair point about krill.", 50, 9, 1200))));

        Generation generation = model().generate(request(CallType.REPLY, "## Task\nReply."));

        assertThat(generation.text()).isEqualTo("Fair point about krill.");
        assertThat(generation.usage()).isEqualTo(new TokenUsage(1250, 9, 1200));
        assertThat(generation.model()).isEqualTo("claude-haiku-4-5-20251001");
        server.verify(postRequestedFor(urlEqualTo("/v1/messages"))
                .withHeader("x-api-key", equalTo(KEY))
                .withRequestBody(matchingJsonPath("$.model", equalTo("claude-haiku-4-5")))
                .withRequestBody(matchingJsonPath("$.max_tokens", equalTo("80")))
                .withRequestBody(matchingJsonPath("$.system[0].cache_control.type", equalTo("ephemeral")))
                .withRequestBody(matchingJsonPath("$.messages[0].role", equalTo("user"))));
    }

    @Test
    void a_structured_decision_is_asked_for_with_a_json_template() {
        server.stubFor(post(urlEqualTo("/v1/messages"))
                .willReturn(aResponse()
                        .withHeader("Content-Type", "application/json")
                        .withBody(WireFormats.anthropicMessage(
                                "Here you go:\n{\"memory\": \"A reef was mapped.\", \"importance\": 0.8,"
                                        + " \"valenceShift\": 0.9, \"arousalShift\": 0.1, \"dominanceShift\": 0}",
                                300,
                                40,
                                0))));

        var update = model().generateStructured(request(CallType.MEMORY_UPDATE, "## Task\n> news"), MemoryUpdate.class)
                .value();

        assertThat(update.memory()).isEqualTo("A reef was mapped.");
        assertThat(update.valenceShift()).isEqualTo(0.5);
        server.verify(postRequestedFor(urlEqualTo("/v1/messages")).withRequestBody(containing("valenceShift")));
    }

    @ParameterizedTest(name = "HTTP {0} -> {1}")
    @CsvSource({
        "400, InvalidRequest, invalid_request_error",
        "401, AuthFailed, authentication_error",
        "403, AuthFailed, permission_error",
        "404, InvalidRequest, not_found_error",
        "413, InvalidRequest, request_too_large",
        "429, RateLimited, rate_limit_error",
        "500, Unavailable, api_error",
        "529, Unavailable, overloaded_error"
    })
    void a_status_maps_to_its_exception(int status, String exception, String type) {
        server.stubFor(post(urlEqualTo("/v1/messages"))
                .willReturn(aResponse()
                        .withStatus(status)
                        .withHeader("Content-Type", "application/json")
                        .withBody(WireFormats.anthropicError(type, "invalid x-api-key " + KEY))));

        Throwable thrown = catchThrowable(() -> model().generate(request(CallType.NEW_POST, "## Task\nPost.")));

        assertThat(thrown).isInstanceOf(ExternalServiceException.class);
        assertThat(thrown.getClass().getSimpleName()).isEqualTo(exception);
        assertThat(thrown.getMessage())
                .contains("HTTP " + status)
                .contains(type)
                .doesNotContain(KEY);
    }
}
