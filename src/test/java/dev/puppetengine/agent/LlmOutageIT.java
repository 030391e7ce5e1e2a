package dev.puppetengine.agent;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import dev.puppetengine.llm.LanguageModels;
import dev.puppetengine.llm.ProviderSettings;
import dev.puppetengine.llm.ResilientLanguageModel;
import dev.puppetengine.llm.WireFormats;
import dev.puppetengine.llm.anthropic.AnthropicModel;
import dev.puppetengine.llm.offline.OfflineComposer;
import dev.puppetengine.llm.openai.OpenAiCompatibleModel;
import dev.puppetengine.persona.PersonaId;
import dev.puppetengine.shared.SettableClock;
import dev.puppetengine.shared.TestDatabase;
import dev.puppetengine.social.Account;
import dev.puppetengine.social.Post;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * Issue 15, the LLM outage of the reliability suite: the sample cast with the real OpenAI-compatible and Anthropic
 * adapters behind their retries and circuit breakers, on WireMock. While OpenAI (Juniper's and Marlow's provider)
 * answers 500, times out or refuses the key, Tess on Anthropic posts and answers her mention as usual; the other two
 * post nothing, keep their mentions for later and show why in their status; for 500s and timeouts the circuit opens
 * (no request reaches OpenAI any more), a refused key is not retried; no step throws and no stack trace is logged.
 * {@link ProviderOutageIT} shows the recovery once the provider answers again.
 */
@ExtendWith(OutputCaptureExtension.class)
class LlmOutageIT {

    private static final PersonaId JUNIPER = PersonaId.of("juniper");
    private static final PersonaId MARLOW = PersonaId.of("marlow");
    private static final PersonaId TESS = PersonaId.of("tess");
    private static final String COMPLETIONS = "/v1/chat/completions";
    private static final Duration OUTAGE_TIMEOUT = Duration.ofMillis(300);

    private final WireMockServer server = new WireMockServer(options().dynamicPort());
    private final SettableClock clock = new SettableClock(Instant.parse("2026-11-25T08:00:00Z"));
    private final EngineFixture fixture = new EngineFixture(clock, TestDatabase.inMemory());

    @BeforeEach
    void start() {
        server.start();
        fixture.ensureStates();
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    private static ResponseDefinitionBuilder completion(String text) {
        return aResponse()
                .withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody(WireFormats.openAiCompletion(text, 100, 20, 0));
    }

    /** How the OpenAI provider fails in the outage. */
    enum Outage {
        ANSWERS_500,
        TIMES_OUT,
        REFUSES_THE_KEY
    }

    @ParameterizedTest
    @EnumSource(Outage.class)
    void an_outage_of_one_provider_leaves_the_personas_on_another_unaffected_and_opens_its_circuit(
            Outage outage, CapturedOutput output) {
        WireMockServer anthropic = new WireMockServer(options().dynamicPort());
        anthropic.start();
        try {
            anthropic.stubFor(post(urlEqualTo("/v1/messages"))
                    .willReturn(aResponse()
                            .withStatus(200)
                            .withHeader("Content-Type", "application/json")
                            .withBody(WireFormats.anthropicMessage(
                                    "Recapped the monitor; the picture came back sharp as a pin.", 100, 20, 0))));
            anthropic.stubFor(post(urlEqualTo("/v1/messages"))
                    .withRequestBody(containing("which capacitor fails first"))
                    .willReturn(aResponse()
                            .withStatus(200)
                            .withHeader("Content-Type", "application/json")
                            .withBody(WireFormats.anthropicMessage(
                                    "The big one next to the regulator; it sits hottest and dries out first.",
                                    100,
                                    20,
                                    0))));
            server.stubFor(post(urlEqualTo(COMPLETIONS))
                    .willReturn(
                            switch (outage) {
                                case ANSWERS_500 ->
                                    aResponse()
                                            .withStatus(500)
                                            .withHeader("Content-Type", "application/json")
                                            .withBody(WireFormats.openAiError(
                                                    "The server had an error", "server_error", "server_error"));
                                case TIMES_OUT ->
                                    completion("far too late").withFixedDelay((int) OUTAGE_TIMEOUT.toMillis() * 5);
                                case REFUSES_THE_KEY ->
                                    aResponse()
                                            .withStatus(401)
                                            .withHeader("Content-Type", "application/json")
                                            .withBody(WireFormats.openAiError(
                                                    "Incorrect API key provided",
                                                    "invalid_request_error",
                                                    "invalid_api_key"));
                            }));
            ResilientLanguageModel.Settings settings = new ResilientLanguageModel.Settings(
                    3, Duration.ofMillis(1), Duration.ofMillis(5), 10, 5, 50f, Duration.ofHours(1));
            var openai = new ResilientLanguageModel(
                    new OpenAiCompatibleModel(new ProviderSettings(
                            "openai",
                            ProviderSettings.Kind.OPENAI_COMPATIBLE,
                            server.baseUrl() + "/v1",
                            "sk-test-0123456789abcdefghijklmnop",
                            "gpt-4o-mini",
                            OUTAGE_TIMEOUT,
                            "json-schema")),
                    null,
                    settings);
            var claude = new ResilientLanguageModel(
                    new AnthropicModel(new ProviderSettings(
                            "anthropic",
                            ProviderSettings.Kind.ANTHROPIC,
                            anthropic.baseUrl() + "/v1/",
                            "sk-ant-test-0123456789abcdefghijklmnop",
                            "claude-haiku-4-5",
                            Duration.ofSeconds(5),
                            "prompt")),
                    null,
                    settings);
            Engine outageEngine = fixture.wire(
                            new LanguageModels(Map.of("openai", openai, "anthropic", claude), new OfflineComposer()))
                    .engine();
            Account visitor = new Account("7", "visitor", "Visitor");
            Map<PersonaId, Post> mentions = Map.of(
                    JUNIPER, fixture.network.publish(visitor, "@juniper what are you growing this week?", null),
                    MARLOW, fixture.network.publish(visitor, "@marlow seen anything bright tonight?", null),
                    TESS, fixture.network.publish(visitor, "@tess which capacitor fails first?", null));

            Post visitorPost = fixture.network.publish(visitor, "just passing by", null);
            int requestsAfterThreeMinutes = 0;
            for (int minute = 0; minute < 10; minute++) {
                for (PersonaId persona : List.of(JUNIPER, MARLOW, TESS)) {
                    engine(outageEngine, persona);
                }
                clock.advance(Duration.ofMinutes(1));
                if (minute == 2) {
                    requestsAfterThreeMinutes = server.getAllServeEvents().size();
                }
            }

            assertThat(fixture.postsOf(TESS))
                    .as("Tess, on Anthropic, posts and answers her mention")
                    .anySatisfy(post -> assertThat(post.inReplyToId()).isNull())
                    .anySatisfy(reply -> assertThat(reply.inReplyToId())
                            .isEqualTo(mentions.getOrDefault(TESS, visitorPost).id()));
            assertThat(fixture.states().require(TESS).status()).isEqualTo("ok");
            for (PersonaId persona : List.of(JUNIPER, MARLOW)) {
                assertThat(fixture.postsOf(persona))
                        .as("%s posts nothing", persona)
                        .isEmpty();
                assertThat(fixture.states()
                                .isHandled(
                                        persona,
                                        mentions.getOrDefault(persona, visitorPost)
                                                .id()))
                        .as("%s's mention stays unanswered, for later", persona)
                        .isFalse();
                if (outage == Outage.REFUSES_THE_KEY) {
                    // a refused key shows in the decisions (the status stays ok: see docs/RELIABILITY.md)
                    assertThat(fixture.decisions(persona))
                            .as("%s's decisions", persona)
                            .anySatisfy(d -> assertThat(d.reason()).contains("the model refused the call"));
                } else {
                    assertThat(fixture.states().require(persona).status())
                            .as("%s's status", persona)
                            .isEqualTo("llm_unavailable");
                }
            }
            if (outage == Outage.REFUSES_THE_KEY) {
                assertThat(server.getAllServeEvents())
                        .as("a refused key is not retried: one request per step of each of the two personas")
                        .hasSizeLessThanOrEqualTo(10 * 2 * 2);
            } else {
                assertThat(server.getAllServeEvents())
                        .as("once the circuit is open no request reaches OpenAI")
                        .hasSize(requestsAfterThreeMinutes);
                assertThat(fixture.states().require(JUNIPER).statusDetail()).contains("circuit open");
            }
            assertThat(output.getAll()).doesNotContain("\tat ").doesNotContain("sk-test-0123456789");
        } finally {
            anthropic.stop();
        }
    }

    /** The steps of one persona for one minute. */
    private void engine(Engine outageEngine, PersonaId persona) {
        outageEngine.postDue(persona, clock.instant());
        outageEngine.answerMentions(persona);
    }
}
