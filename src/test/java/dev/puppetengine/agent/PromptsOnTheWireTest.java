package dev.puppetengine.agent;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.puppetengine.agent.jdbc.JdbcConversationTurns;
import dev.puppetengine.agent.jdbc.JdbcDecisionLog;
import dev.puppetengine.agent.jdbc.JdbcPersonaStateStore;
import dev.puppetengine.llm.CallSampling;
import dev.puppetengine.llm.ChatMessage;
import dev.puppetengine.llm.GenerationRequest;
import dev.puppetengine.llm.LanguageModel;
import dev.puppetengine.llm.LanguageModels;
import dev.puppetengine.llm.OutputPolicy;
import dev.puppetengine.llm.PostDrafter;
import dev.puppetengine.llm.PromptComposer;
import dev.puppetengine.llm.ProviderSettings;
import dev.puppetengine.llm.ScriptedLanguageModel;
import dev.puppetengine.llm.StructuredDecisions;
import dev.puppetengine.llm.TestPersonas;
import dev.puppetengine.llm.WireFormats;
import dev.puppetengine.llm.offline.OfflineComposer;
import dev.puppetengine.llm.openai.OpenAiCompatibleModel;
import dev.puppetengine.memory.EmbeddingPipeline;
import dev.puppetengine.memory.HashingEmbedder;
import dev.puppetengine.memory.MemoryBank;
import dev.puppetengine.memory.MemoryProperties;
import dev.puppetengine.memory.MemoryStore;
import dev.puppetengine.memory.Recall;
import dev.puppetengine.memory.Reflection;
import dev.puppetengine.memory.jdbc.JdbcMemoryStore;
import dev.puppetengine.persona.OnePersonaCatalog;
import dev.puppetengine.persona.PersonaSpec;
import dev.puppetengine.shared.SettableClock;
import dev.puppetengine.shared.TestDatabase;
import dev.puppetengine.social.Account;
import dev.puppetengine.social.FakeNetwork;
import dev.puppetengine.social.OutboxDispatcher;
import dev.puppetengine.social.Post;
import dev.puppetengine.social.jdbc.JdbcOutbox;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The prompts the engine really sends (DESIGN §5.3): a persona's own system prompt whole, no @handle or id of the
 * person being answered, and a context preview that matches the next call.
 */
class PromptsOnTheWireTest {

    private static final Instant T0 = Instant.parse("2026-11-25T12:00:00Z");

    private final SettableClock clock = new SettableClock(T0);
    private final DataSource database = TestDatabase.inMemory();
    private final FakeNetwork network = new FakeNetwork(clock);
    private final Account human = new Account("4242424242", "moth_fan_99", "Moth Fan");

    private Account accountOf(PersonaSpec persona) {
        return new Account("1001", persona.id().value().replace('-', '_'), persona.name());
    }

    private PostPrompts prompts() {
        return new PostPrompts(
                new PromptComposer(),
                new Recall(
                        new JdbcMemoryStore(new JdbcTemplate(database)),
                        new HashingEmbedder(384),
                        MemoryProperties.DEFAULTS,
                        clock),
                new JdbcPersonaStateStore(JdbcClient.create(database), clock),
                new JdbcOutbox(JdbcClient.create(database), clock));
    }

    private Engine engine(PersonaSpec persona, String provider, LanguageModel model) {
        JdbcClient jdbc = JdbcClient.create(database);
        var models = new LanguageModels(Map.of(provider, model), new OfflineComposer());
        JdbcOutbox outbox = new JdbcOutbox(jdbc, clock);
        MemoryStore memories = new JdbcMemoryStore(new JdbcTemplate(database));
        HashingEmbedder embedder = new HashingEmbedder(384);
        Recall recall = new Recall(memories, embedder, MemoryProperties.DEFAULTS, clock);
        MemoryBank bank =
                new MemoryBank(memories, recall, new EmbeddingPipeline(memories, embedder, recall, 32), clock);
        PersonaStateStore states = new JdbcPersonaStateStore(jdbc, clock);
        JdbcDecisionLog decisions = new JdbcDecisionLog(jdbc);
        TransactionTemplate transactions = new TransactionTemplate(new DataSourceTransactionManager(database));
        PostPrompts prompts = prompts();
        PostWriter writer = new DraftingPostWriter(
                new PostDrafter(models, new OutputPolicy(null)), CallSampling.defaultsOnly(), prompts);
        RecentPosts recentPosts = new RecentPosts(outbox);
        SplittableRandom random = new SplittableRandom(3);
        PersonaHealth health = new PersonaHealth(states, clock);
        var catalog = new OnePersonaCatalog(persona);
        Cast cast = new Cast(catalog, p -> network.as(accountOf(p)));
        var conversations = new Conversations(
                cast,
                new Threads(cast),
                new JdbcConversationTurns(jdbc, clock),
                new Relationships(
                        states,
                        prompts,
                        new StructuredDecisions(models),
                        CallSampling.defaultsOnly(),
                        bank,
                        decisions,
                        transactions,
                        clock),
                4);
        return new Engine(
                catalog,
                states,
                p -> network.as(accountOf(p)),
                p -> java.util.Optional.empty(),
                new Posting(
                        states,
                        writer,
                        recentPosts,
                        outbox,
                        decisions,
                        new PostingSchedule(random),
                        transactions,
                        health,
                        clock),
                new MentionAnswering(
                        states, writer, recentPosts, outbox, decisions, transactions, health, conversations, clock),
                new Delivery(
                        outbox,
                        new OutboxDispatcher(outbox, clock, EngineFixture.IN_FLIGHT),
                        states,
                        bank,
                        decisions,
                        transactions,
                        health,
                        clock),
                health,
                new Reflecting(
                        new Reflection(
                                memories,
                                bank,
                                MemoryProperties.DEFAULTS,
                                new StructuredDecisions(models),
                                CallSampling.defaultsOnly(),
                                catalog),
                        decisions,
                        clock),
                random,
                clock,
                new LocalPersonaLocks());
    }

    /** About 6,000 characters of distinct instructions, like the original's news-bot prompt, with a last line. */
    static String longPrompt() {
        StringBuilder prompt = new StringBuilder("You are Wire, a terse news bot that reports on the sea.\n");
        for (int rule = 1; prompt.length() < 6_000; rule++) {
            prompt.append("Rule ")
                    .append(rule)
                    .append(": when a story touches current number ")
                    .append(rule)
                    .append(", say what changed, who it affects and what happens next, in plain words.\n");
        }
        return prompt.append("Last rule: never speculate beyond the sources.").toString();
    }

    @Nested
    class WithTheOpenAiCompatibleProvider {

        private final WireMockServer server = new WireMockServer(options().dynamicPort());
        private final JsonMapper json = JsonMapper.shared();

        @AfterEach
        void stop() {
            server.stop();
        }

        @Test
        void a_six_thousand_character_prompt_arrives_whole_and_the_reply_names_no_author() {
            server.start();
            server.stubFor(post(urlEqualTo("/v1/chat/completions"))
                    .willReturn(aResponse()
                            .withHeader("Content-Type", "application/json")
                            .withBody(WireFormats.openAiCompletion(
                                    "Tide tables moved an hour; harbours adjust tonight.", 1500, 14, 0))));
            server.stubFor(post(urlEqualTo("/v1/chat/completions"))
                    .withRequestBody(containing("the person who wrote to you said"))
                    .willReturn(aResponse()
                            .withHeader("Content-Type", "application/json")
                            .withBody(WireFormats.openAiCompletion(
                                    "Yes, by an hour from tonight; check the harbour board.", 1500, 14, 0))));
            server.stubFor(post(urlEqualTo("/v1/chat/completions"))
                    .withRequestBody(containing("changes how you feel about them"))
                    .willReturn(aResponse()
                            .withHeader("Content-Type", "application/json")
                            .withBody(WireFormats.openAiCompletion(
                                    "{\"sentimentDelta\": 0.1, \"familiarityDelta\": 0.05, \"trustDelta\": 0.05,"
                                            + " \"note\": \"asks about tides\"}",
                                    1500,
                                    14,
                                    0))));
            String custom = longPrompt();
            assertThat(custom).hasSizeGreaterThanOrEqualTo(6_000);
            PersonaSpec wire = TestPersonas.persona("news-bot")
                    .provider("openai")
                    .customSystemPrompt(custom)
                    .build();
            var model = new OpenAiCompatibleModel(new ProviderSettings(
                    "openai",
                    ProviderSettings.Kind.OPENAI_COMPATIBLE,
                    server.baseUrl() + "/v1",
                    "sk-test-0123456789abcdefghijklmnop",
                    "gpt-4o-mini",
                    Duration.ofSeconds(5),
                    "json-schema"));
            Engine engine = engine(wire, "openai", model);

            engine.ensureStates();
            engine.postDue(wire.id(), engine.scheduleFirstPost(wire.id()));
            Post mention = network.publish(
                    human, "@news_bot @tide_watch did the tide tables change? ask @moth_fan_99 too", null);
            clock.advance(Duration.ofMinutes(1));
            assertThat(engine.answerMentions(wire.id()).replies()).isEqualTo(1);

            List<JsonNode> sent = server.findAll(postRequestedFor(urlEqualTo("/v1/chat/completions"))).stream()
                    .map(request -> json.readTree(request.getBodyAsString()))
                    .toList();
            assertThat(sent)
                    .as("the post, the reply and the relationship update")
                    .hasSize(3);
            for (JsonNode request : sent) {
                JsonNode system = request.get("messages").get(0);
                assertThat(system.get("role").asString()).isEqualTo("system");
                assertThat(system.get("content").asString()).startsWith(custom);
            }
            String reply = sent.get(1).get("messages").toString();
            assertThat(reply)
                    .contains("did the tide tables change?")
                    .contains("tide_watch")
                    .doesNotContain("@")
                    .doesNotContain(human.id())
                    .doesNotContain(mention.id())
                    .doesNotContain("Moth Fan");
            assertThat(sent.get(2).get("messages").toString())
                    .contains("changes how you feel about them")
                    .doesNotContain("@")
                    .doesNotContain(human.id())
                    .doesNotContain(mention.id())
                    .doesNotContain("Moth Fan");
            assertThat(network.postsBy(accountOf(wire).id()))
                    .anySatisfy(p -> assertThat(p.inReplyToId()).isEqualTo(mention.id()));
        }
    }

    @Test
    void the_context_preview_is_the_prompt_of_the_next_post_for_a_rotating_prompt_persona() {
        List<String> rotating = List.of(
                "ROTATION ZERO: you speak of reefs.",
                "ROTATION ONE: you speak of kelp.",
                "ROTATION TWO: you speak of trenches.",
                "ROTATION THREE: you speak of tides.");
        PersonaSpec persona = TestPersonas.persona("rota")
                .provider("scripted")
                .rotatingPrompts(rotating)
                .build();
        var model = new ScriptedLanguageModel(List.of(
                "Reefs keep time in coral rings.",
                "Kelp forests sway like slow applause.",
                "Trenches hold the quietest water on earth.",
                "The tide owes nobody an apology.",
                "Sand remembers every footprint for an hour.",
                "Gulls negotiate with the wind daily.",
                "Barnacles commit to one rock for life.",
                "Foam is the ocean clearing its throat."));
        Engine engine = engine(persona, "scripted", model);
        PostPrompts prompts = prompts();
        Set<Integer> chosen = new HashSet<>();

        engine.ensureStates();
        Instant slot = engine.scheduleFirstPost(persona.id());
        for (int post = 0; post < 8; post++) {
            clock.set(slot);
            PostPrompts.Preview preview = prompts.previewNewPost(persona);
            assertThat(preview.nextPostAt()).isEqualTo(slot);

            slot = engine.postDue(persona.id(), slot).orElseThrow();

            GenerationRequest sent = model.requests().getLast();
            assertThat(sent.messages()).isEqualTo(preview.prompt().messages());
            int index = Objects.requireNonNull(preview.prompt().rotatingPromptIndex());
            assertThat(sent.messages().getFirst().content()).startsWith(rotating.get(index));
            assertThat(sent.messages()).extracting(ChatMessage::role).startsWith(ChatMessage.Role.SYSTEM);
            chosen.add(index);
        }
        assertThat(model.requests()).hasSize(8);
        assertThat(chosen).as("the choice rotates from post to post").hasSizeGreaterThan(1);
    }
}
