package dev.puppetengine.llm;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.puppetengine.llm.openai.OpenAiCompatibleModel;
import dev.puppetengine.shared.ExternalServiceException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ResilientLanguageModelTest {

    private static final ResilientLanguageModel.Settings FAST = new ResilientLanguageModel.Settings(
            3, Duration.ofMillis(1), Duration.ofSeconds(5), 10, 4, 50f, Duration.ofMinutes(5));

    private final WireMockServer primary = new WireMockServer(options().dynamicPort());
    private final WireMockServer secondary = new WireMockServer(options().dynamicPort());

    @BeforeEach
    void start() {
        primary.start();
        secondary.start();
    }

    @AfterEach
    void stop() {
        primary.stop();
        secondary.stop();
    }

    private static OpenAiCompatibleModel openAi(String name, WireMockServer server) {
        return new OpenAiCompatibleModel(new ProviderSettings(
                name,
                ProviderSettings.Kind.OPENAI_COMPATIBLE,
                server.baseUrl() + "/v1",
                "sk-test-key-0123456789abcdef",
                "gpt-4o-mini",
                Duration.ofSeconds(5),
                "json-schema"));
    }

    private static GenerationRequest request() {
        return new GenerationRequest(
                TestPersonas.persona("ada").provider("openai").build(),
                CallType.NEW_POST,
                List.of(ChatMessage.user("## Task\nWrite a post.")),
                CallSampling.defaultFor(CallType.NEW_POST),
                1);
    }

    private static void answers(WireMockServer server, String text) {
        server.stubFor(post(urlEqualTo("/v1/chat/completions"))
                .willReturn(aResponse()
                        .withHeader("Content-Type", "application/json")
                        .withBody(WireFormats.openAiCompletion(text, 100, 10, 0))));
    }

    @Test
    void a_429_with_retry_after_waits_that_long_and_retries() {
        primary.stubFor(post(urlEqualTo("/v1/chat/completions"))
                .inScenario("limited")
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse()
                        .withStatus(429)
                        .withHeader("retry-after", "1")
                        .withBody(WireFormats.openAiError("Rate limit reached", "requests", "rate_limit_exceeded")))
                .willSetStateTo("recovered"));
        primary.stubFor(post(urlEqualTo("/v1/chat/completions"))
                .inScenario("limited")
                .whenScenarioStateIs("recovered")
                .willReturn(aResponse()
                        .withHeader("Content-Type", "application/json")
                        .withBody(WireFormats.openAiCompletion("Back again.", 100, 10, 0))));
        var model = new ResilientLanguageModel(openAi("openai", primary), null, FAST);
        List<Duration> waits = new CopyOnWriteArrayList<>();
        model.retry().getEventPublisher().onRetry(event -> waits.add(event.getWaitInterval()));

        Generation generation = model.generate(request());

        assertThat(generation.text()).isEqualTo("Back again.");
        assertThat(waits).containsExactly(Duration.ofSeconds(1));
        primary.verify(2, postRequestedFor(urlEqualTo("/v1/chat/completions")));
    }

    @Test
    void an_auth_failure_is_not_retried() {
        primary.stubFor(post(urlEqualTo("/v1/chat/completions"))
                .willReturn(aResponse()
                        .withStatus(401)
                        .withBody(WireFormats.openAiError(
                                "Incorrect API key", "invalid_request_error", "invalid_api_key"))));
        var model = new ResilientLanguageModel(openAi("openai", primary), openAi("backup", secondary), FAST);

        assertThat(catchThrowable(() -> model.generate(request())))
                .isInstanceOf(ExternalServiceException.AuthFailed.class);
        primary.verify(1, postRequestedFor(urlEqualTo("/v1/chat/completions")));
        secondary.verify(0, postRequestedFor(urlEqualTo("/v1/chat/completions")));
    }

    @Test
    void repeated_500s_open_the_circuit_and_the_fallback_takes_over() {
        primary.stubFor(post(urlEqualTo("/v1/chat/completions"))
                .willReturn(aResponse()
                        .withStatus(500)
                        .withBody(WireFormats.openAiError("The server had an error", "server_error", "server_error"))));
        answers(secondary, "From the fallback.");
        var model = new ResilientLanguageModel(openAi("openai", primary), openAi("backup", secondary), FAST);

        List<String> texts = List.of(
                model.generate(request()).text(),
                model.generate(request()).text(),
                model.generate(request()).text());

        assertThat(texts).containsOnly("From the fallback.");
        assertThat(model.circuitBreaker().getState()).isEqualTo(CircuitBreaker.State.OPEN);
        int primaryCalls = primary.findAll(postRequestedFor(urlEqualTo("/v1/chat/completions")))
                .size();
        model.generate(request());
        primary.verify(primaryCalls, postRequestedFor(urlEqualTo("/v1/chat/completions")));
        secondary.verify(4, postRequestedFor(urlEqualTo("/v1/chat/completions")));
    }

    @Test
    void without_a_fallback_an_open_circuit_fails_fast_as_unavailable() {
        primary.stubFor(
                post(urlEqualTo("/v1/chat/completions")).willReturn(aResponse().withStatus(503)));
        var model = new ResilientLanguageModel(openAi("openai", primary), null, FAST);
        for (int i = 0; i < 3; i++) {
            assertThat(catchThrowable(() -> model.generate(request())))
                    .isInstanceOf(ExternalServiceException.Unavailable.class);
        }
        assertThat(model.circuitBreaker().getState()).isEqualTo(CircuitBreaker.State.OPEN);
    }
}
