package dev.puppetengine.agent;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.puppetengine.llm.LanguageModels;
import dev.puppetengine.llm.ProviderSettings;
import dev.puppetengine.llm.ResilientLanguageModel;
import dev.puppetengine.llm.WireFormats;
import dev.puppetengine.llm.offline.OfflineComposer;
import dev.puppetengine.llm.openai.OpenAiCompatibleModel;
import dev.puppetengine.persona.PersonaId;
import dev.puppetengine.shared.SettableClock;
import dev.puppetengine.shared.TestDatabase;
import dev.puppetengine.social.Account;
import dev.puppetengine.social.Post;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * The engine with the real OpenAI-compatible adapter behind its retries and circuit breaker, against WireMock
 * answering 500: the persona's status and decisions say so, the log stays short, and all clears once it answers 200.
 */
@ExtendWith(OutputCaptureExtension.class)
class ProviderOutageIT {

    private static final PersonaId JUNIPER = PersonaId.of("juniper");
    private static final String COMPLETIONS = "/v1/chat/completions";

    private final WireMockServer server = new WireMockServer(options().dynamicPort());
    private final SettableClock clock = new SettableClock(Instant.parse("2026-11-25T08:00:00Z"));
    private final EngineFixture fixture = new EngineFixture(clock, TestDatabase.inMemory());
    private Engine engine;

    @BeforeEach
    void start() {
        server.start();
        var provider = new OpenAiCompatibleModel(new ProviderSettings(
                "openai",
                ProviderSettings.Kind.OPENAI_COMPATIBLE,
                server.baseUrl() + "/v1",
                "sk-test-0123456789abcdefghijklmnop",
                "gpt-4o-mini",
                Duration.ofSeconds(5),
                "json-schema"));
        var resilient = new ResilientLanguageModel(
                provider,
                null,
                new ResilientLanguageModel.Settings(
                        3, Duration.ofMillis(1), Duration.ofMillis(5), 10, 5, 50f, Duration.ofMillis(1)));
        engine = fixture.wire(new LanguageModels(Map.of("openai", resilient), new OfflineComposer()))
                .engine();
        fixture.ensureStates();
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    private void providerAnswers500() {
        server.resetAll();
        server.stubFor(post(urlEqualTo(COMPLETIONS))
                .willReturn(aResponse()
                        .withStatus(500)
                        .withHeader("Content-Type", "application/json")
                        .withBody(WireFormats.openAiError("The server had an error", "server_error", "server_error"))));
    }

    private void providerAnswers200() {
        server.resetAll();
        server.stubFor(post(urlEqualTo(COMPLETIONS))
                .inScenario("answers")
                .whenScenarioStateIs(STARTED)
                .willSetStateTo("second")
                .willReturn(completion("the moths found the new grow lamp before i did")));
        server.stubFor(post(urlEqualTo(COMPLETIONS))
                .inScenario("answers")
                .whenScenarioStateIs("second")
                .willReturn(completion("mostly seed catalogues, and a slow book about fungi")));
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder completion(String text) {
        return aResponse()
                .withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody(WireFormats.openAiCompletion(text, 100, 20, 0));
    }

    @Test
    void a_failing_provider_shows_in_status_and_decisions_with_a_bounded_log_and_clears(CapturedOutput output) {
        providerAnswers500();
        Post mention = fixture.network.publish(
                new Account("7", "operator", "Operator"), "@juniper what are you reading tonight?", null);

        for (int minute = 0; minute < 10; minute++) {
            engine.postDue(JUNIPER, clock.instant());
            engine.answerMentions(JUNIPER);
            clock.advance(Duration.ofMinutes(1));
        }

        PersonaState state = fixture.states().require(JUNIPER);
        assertThat(state.status()).isEqualTo("llm_unavailable");
        assertThat(state.statusDetail()).contains("model is unavailable").contains("500");
        assertThat(fixture.decisions(JUNIPER))
                .extracting(Decision::kind, Decision::outcome)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple(Decision.Kind.POST, Decision.Outcome.RETRYING),
                        org.assertj.core.groups.Tuple.tuple(Decision.Kind.REPLY, Decision.Outcome.RETRYING));
        assertThat(fixture.decisions(JUNIPER))
                .filteredOn(d -> d.kind() == Decision.Kind.REPLY)
                .singleElement()
                .satisfies(d -> {
                    assertThat(d.inputRef()).isEqualTo(mention.id());
                    assertThat(d.reason()).contains("model is unavailable");
                });
        assertThat(fixture.states().isHandled(JUNIPER, mention.id())).isFalse();
        assertThat(fixture.postsOf(JUNIPER)).isEmpty();
        String log = output.getAll();
        assertThat(log.lines().filter(line -> line.contains(" WARN ")).count())
                .as("WARN lines over ten failing minutes")
                .isBetween(1L, 3L);
        assertThat(log).doesNotContain("\tat ").doesNotContain("Exception:");

        providerAnswers200();
        clock.advance(Duration.ofMinutes(5));
        engine.postDue(JUNIPER, clock.instant());
        engine.answerMentions(JUNIPER);

        assertThat(fixture.states().require(JUNIPER).status()).isEqualTo("ok");
        assertThat(fixture.postsOf(JUNIPER))
                .hasSize(2)
                .anySatisfy(reply -> assertThat(reply.inReplyToId()).isEqualTo(mention.id()));
    }
}
