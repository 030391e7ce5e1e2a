package dev.puppetengine.llm;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.puppetengine.llm.jdbc.JdbcUsageLedger;
import dev.puppetengine.llm.offline.OfflineComposer;
import dev.puppetengine.llm.openai.OpenAiCompatibleModel;
import dev.puppetengine.persona.PersonaId;
import dev.puppetengine.persona.PersonaSpec;
import dev.puppetengine.shared.ExternalServiceException;
import dev.puppetengine.shared.TestDatabase;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

class AccountedLanguageModelTest {

    private static final Instant NOW = Instant.parse("2026-03-10T12:00:00Z");
    private static final ResilientLanguageModel.Settings FAST = new ResilientLanguageModel.Settings(
            2, Duration.ofMillis(1), Duration.ofSeconds(2), 10, 5, 50f, Duration.ofMinutes(1));

    private final WireMockServer openAi = new WireMockServer(options().dynamicPort());
    private final WireMockServer grok = new WireMockServer(options().dynamicPort());
    private final JdbcClient jdbc = JdbcClient.create(TestDatabase.inMemory());
    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final JdbcUsageLedger ledger = new JdbcUsageLedger(jdbc);
    private final StatusBoard board = new StatusBoard();

    /** The status board as the engine keeps it: the last status and detail reported per persona. */
    private static final class StatusBoard implements PersonaStatusBoard {
        final Map<String, String> statuses = new ConcurrentHashMap<>();
        final Map<String, String> details = new ConcurrentHashMap<>();

        @Override
        public void report(PersonaId personaId, String status, @Nullable String detail) {
            statuses.put(personaId.value(), status);
            details.put(personaId.value(), detail == null ? "" : detail);
        }
    }

    @BeforeEach
    void start() {
        openAi.start();
        grok.start();
    }

    @AfterEach
    void stop() {
        openAi.stop();
        grok.stop();
    }

    private LanguageModel accounted(String name, WireMockServer server, LlmProperties properties) {
        var adapter = new OpenAiCompatibleModel(new ProviderSettings(
                name,
                ProviderSettings.Kind.OPENAI_COMPATIBLE,
                server.baseUrl() + "/v1",
                "sk-test-key-0123456789abcdef",
                name.equals("grok") ? "grok-3-mini" : "gpt-4o-mini",
                Duration.ofSeconds(5),
                "json-schema"));
        return new AccountedLanguageModel(
                new ResilientLanguageModel(adapter, null, FAST),
                name,
                ledger,
                board,
                new PriceTable(properties.priceTable()),
                properties,
                clock,
                meters);
    }

    private static LlmProperties properties(Map<String, LlmProperties.Budget> personaBudgets) {
        return new LlmProperties(
                Map.of(),
                "",
                LlmProperties.Resilience.DEFAULTS,
                Map.of("gpt-4o-mini", new LlmProperties.Price(0.15, 0.60, 0.075)),
                LlmProperties.Budget.UNLIMITED,
                personaBudgets,
                false);
    }

    private static void answers(WireMockServer server, String text, int prompt, int completion, int cached) {
        server.stubFor(post(urlEqualTo("/v1/chat/completions"))
                .willReturn(aResponse()
                        .withHeader("Content-Type", "application/json")
                        .withBody(WireFormats.openAiCompletion(text, prompt, completion, cached))));
    }

    private static GenerationRequest request(PersonaSpec persona) {
        return new GenerationRequest(
                persona,
                CallType.NEW_POST,
                List.of(ChatMessage.user("## Task\nWrite a post.")),
                CallSampling.defaultFor(CallType.NEW_POST),
                1);
    }

    private String status(String personaId) {
        return board.statuses.getOrDefault(personaId, "ok");
    }

    @Test
    void every_call_is_recorded_with_tokens_and_cost() {
        answers(openAi, "Tide pools are tiny universes.", 2000, 100, 1000);
        var model = accounted("openai", openAi, properties(Map.of()));
        var persona = TestPersonas.persona("ada").provider("openai").build();

        model.generate(request(persona));

        var lines = ledger.linesSince(NOW.minusSeconds(60));
        assertThat(lines).hasSize(1);
        var line = lines.get(0);
        assertThat(line.personaId()).isEqualTo("ada");
        assertThat(line.callType()).isEqualTo("new_post");
        assertThat(line.provider()).isEqualTo("openai");
        assertThat(line.inputTokens()).isEqualTo(2000);
        assertThat(line.outputTokens()).isEqualTo(100);
        assertThat(line.cachedTokens()).isEqualTo(1000);
        assertThat(line.costUsd())
                .isCloseTo((1000 * 0.15 + 1000 * 0.075 + 100 * 0.60) / 1e6, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(meters.get("gen_ai.client.token.usage")
                        .tag("gen_ai.token.type", "input")
                        .summary()
                        .totalAmount())
                .isEqualTo(2000);
        assertThat(meters.get("gen_ai.client.operation.duration").timer().count())
                .isEqualTo(1);
    }

    @Test
    void a_refused_key_marks_the_persona_and_the_others_keep_posting() {
        openAi.stubFor(post(urlEqualTo("/v1/chat/completions"))
                .willReturn(aResponse()
                        .withStatus(401)
                        .withBody(WireFormats.openAiError(
                                "Incorrect API key provided", "invalid_request_error", "invalid_api_key"))));
        answers(grok, "Crabs are tiny landlords.", 300, 10, 0);
        var properties = properties(Map.of());
        var models = new LanguageModels(
                Map.of("openai", accounted("openai", openAi, properties), "grok", accounted("grok", grok, properties)),
                new OfflineComposer());
        var drafter = new PostDrafter(models, new OutputPolicy(null));
        var ada = TestPersonas.persona("ada").provider("openai").build();
        var bo = TestPersonas.persona("bo").provider("grok").build();

        Throwable adaFailure = catchThrowable(() -> drafter.draft(request(ada), PolicyContext.NONE));
        DraftOutcome boOutcome = drafter.draft(request(bo), PolicyContext.NONE);

        assertThat(adaFailure).isInstanceOf(ExternalServiceException.AuthFailed.class);
        assertThat(status("ada")).isEqualTo("auth_error");
        assertThat(board.details.get("ada")).contains("openai").doesNotContain("sk-test");
        assertThat(boOutcome)
                .isEqualTo(new DraftOutcome.Drafted("Crabs are tiny landlords.", 1, boOutcome.generations()));
        openAi.verify(1, postRequestedFor(urlEqualTo("/v1/chat/completions")));
    }

    @Test
    void a_persona_over_its_daily_budget_stops_generating_and_says_why() {
        answers(openAi, "Tide pools are tiny universes.", 900, 100, 0);
        var model = accounted("openai", openAi, properties(Map.of("ada", new LlmProperties.Budget(1500, 0))));
        var ada = TestPersonas.persona("ada").provider("openai").build();
        var drafter = new PostDrafter(
                new LanguageModels(Map.of("openai", model), new OfflineComposer()), new OutputPolicy(null));

        assertThat(drafter.draft(request(ada), PolicyContext.NONE)).isInstanceOf(DraftOutcome.Drafted.class);
        assertThat(drafter.draft(request(ada), PolicyContext.NONE)).isInstanceOf(DraftOutcome.Drafted.class);
        DraftOutcome third = drafter.draft(request(ada), PolicyContext.NONE);

        assertThat(third)
                .isInstanceOfSatisfying(
                        DraftOutcome.Skipped.class, s -> assertThat(s.reason()).contains("daily token budget"));
        assertThat(status("ada")).isEqualTo("budget_exhausted");
        openAi.verify(2, postRequestedFor(urlEqualTo("/v1/chat/completions")));
        assertThat(ledger.totalsSince(PersonaId.of("ada"), NOW.minusSeconds(3600))
                        .tokens())
                .isEqualTo(2000);
    }

    @Test
    void a_success_after_an_auth_error_clears_the_status() {
        board.report(PersonaId.of("ada"), PersonaStatusBoard.AUTH_ERROR, "provider openai refused its key");
        answers(openAi, "Back.", 10, 2, 0);
        accounted("openai", openAi, properties(Map.of()))
                .generate(request(TestPersonas.persona("ada").provider("openai").build()));
        assertThat(status("ada")).isEqualTo("ok");
    }
}
