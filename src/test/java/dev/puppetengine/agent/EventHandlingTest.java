package dev.puppetengine.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.puppetengine.agent.jdbc.JdbcDecisionLog;
import dev.puppetengine.agent.jdbc.JdbcMoodHistory;
import dev.puppetengine.event.Event;
import dev.puppetengine.event.EventStatus;
import dev.puppetengine.event.Priority;
import dev.puppetengine.event.StoredEvent;
import dev.puppetengine.llm.CallSampling;
import dev.puppetengine.llm.LanguageModel;
import dev.puppetengine.llm.LanguageModels;
import dev.puppetengine.llm.PromptComposer;
import dev.puppetengine.llm.ScriptedLanguageModel;
import dev.puppetengine.llm.StructuredDecisions;
import dev.puppetengine.llm.offline.OfflineComposer;
import dev.puppetengine.memory.EmbeddingPipeline;
import dev.puppetengine.memory.HashingEmbedder;
import dev.puppetengine.memory.Memory;
import dev.puppetengine.memory.MemoryBank;
import dev.puppetengine.memory.MemoryKind;
import dev.puppetengine.memory.MemoryProperties;
import dev.puppetengine.memory.MemoryStore;
import dev.puppetengine.memory.Recall;
import dev.puppetengine.persona.PersonaId;
import dev.puppetengine.shared.SettableClock;
import dev.puppetengine.shared.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** How personas react to events, on the sample cast, real stores and a settable clock. */
class EventHandlingTest {

    private static final PersonaId JUNIPER = PersonaId.of("juniper");
    private static final PersonaId MARLOW = PersonaId.of("marlow");

    private final SettableClock clock = new SettableClock(Instant.parse("2026-12-01T10:00:00Z"));
    private final EngineFixture fixture = new EngineFixture(clock, TestDatabase.inMemory());
    private final FixedRandom random = new FixedRandom(0.99);
    private final PersonaStateStore states = fixture.states();
    private final Moods moods = new Moods(
            states,
            new JdbcMoodHistory(JdbcClient.create(fixture.database), 100),
            new TransactionTemplate(new DataSourceTransactionManager(fixture.database)),
            clock);
    private final MemoryStore memoryStore = fixture.memories();
    private int events;

    @BeforeEach
    void giveTheCastItsStates() {
        fixture.ensureStates();
    }

    private EventHandling handling(LanguageModel model) {
        LanguageModels models = LanguageModels.offlineOnly(model);
        HashingEmbedder embedder = new HashingEmbedder(384);
        Recall recall = new Recall(memoryStore, embedder, MemoryProperties.DEFAULTS, clock);
        MemoryBank bank =
                new MemoryBank(memoryStore, recall, new EmbeddingPipeline(memoryStore, embedder, recall, 32), clock);
        return new EventHandling(
                fixture.catalog,
                states,
                moods,
                bank,
                recall,
                new JdbcDecisionLog(JdbcClient.create(fixture.database)),
                new StructuredDecisions(models),
                new PromptComposer(),
                CallSampling.defaultsOnly(),
                fixture.wire(models).engine(),
                (initiator, target, topic) -> initiator + " liked a post of " + target,
                random,
                new TransactionTemplate(new DataSourceTransactionManager(fixture.database)),
                clock);
    }

    private StoredEvent stored(Event event) {
        events++;
        return new StoredEvent(
                "00000000-0000-0000-0000-00000000000" + events,
                events,
                event,
                Priority.NORMAL,
                List.of(),
                "operator",
                EventStatus.PENDING,
                0,
                clock.instant(),
                clock.instant(),
                null,
                null);
    }

    private List<Memory> eventMemories(PersonaId persona) {
        return memoryStore.listNewest(persona, 50).stream()
                .filter(m -> m.kind() == MemoryKind.EVENT)
                .toList();
    }

    private List<Decision> decisions(PersonaId persona, Decision.Kind kind) {
        return fixture.decisions(persona).stream().filter(d -> d.kind() == kind).toList();
    }

    private static String memoryUpdate(double importance, double arousalShift) {
        return "{\"memory\": \"The comet is back\", \"importance\": " + importance
                + ", \"valenceShift\": 0.2, \"arousalShift\": " + arousalShift + ", \"dominanceShift\": 0}";
    }

    @Nested
    class News {

        private final Event.News comet = new Event.News("A comet lights up the night sky", "space", null);

        @Test
        void the_offline_composer_forms_an_event_memory_moves_the_mood_and_logs_why() {
            StoredEvent event = stored(comet);

            handling(new OfflineComposer()).handle(JUNIPER, event);

            assertThat(eventMemories(JUNIPER)).singleElement().satisfies(memory -> {
                assertThat(memory.content()).contains("A comet lights up the night sky");
                assertThat(memory.sourceIds()).containsExactly(event.inputId());
            });
            assertThat(moods.current(JUNIPER)).isNotEqualTo(Mood.START);
            assertThat(moods.history(JUNIPER, 10))
                    .singleElement()
                    .satisfies(entry -> assertThat(entry.cause()).isEqualTo("news: A comet lights up the night sky"));
            assertThat(decisions(JUNIPER, Decision.Kind.EVENT)).singleElement().satisfies(decision -> {
                assertThat(decision.outcome()).isEqualTo(Decision.Outcome.HANDLED);
                assertThat(decision.reason()).startsWith("news 'A comet lights up the night sky': remembered");
                assertThat(decision.inputRef()).isEqualTo(event.inputId());
            });
            assertThat(states.isHandled(JUNIPER, event.inputId())).isTrue();
        }

        @Test
        void is_handled_once_per_persona_whatever_reruns() {
            StoredEvent event = stored(comet);
            EventHandling handling = handling(new OfflineComposer());

            handling.handle(JUNIPER, event);
            handling.handle(JUNIPER, event);
            handling.handle(MARLOW, event);

            assertThat(eventMemories(JUNIPER)).hasSize(1);
            assertThat(eventMemories(MARLOW)).hasSize(1);
            assertThat(decisions(JUNIPER, Decision.Kind.EVENT)).hasSize(1);
        }

        @Test
        void posts_about_it_when_its_importance_is_above_0_7() {
            var model = new ScriptedLanguageModel(List.of(memoryUpdate(0.9, 0.1), "Comets remind me to look up."));

            handling(model).handle(JUNIPER, stored(comet));

            assertThat(fixture.postsOf(JUNIPER))
                    .singleElement()
                    .satisfies(post -> assertThat(post.text()).isEqualToIgnoringCase("Comets remind me to look up."));
            assertThat(decisions(JUNIPER, Decision.Kind.EVENT).getFirst().reason())
                    .contains("importance is above 0.7, so it posts about it");
        }

        @Test
        void posts_about_unimportant_news_only_when_the_30_percent_chance_comes_up() {
            random.value = 0.31;
            handling(new ScriptedLanguageModel(List.of(memoryUpdate(0.7, 0.1)))).handle(JUNIPER, stored(comet));
            assertThat(fixture.postsOf(JUNIPER)).isEmpty();

            random.value = 0.29;
            handling(new ScriptedLanguageModel(List.of(memoryUpdate(0.7, 0.1), "Look up tonight.")))
                    .handle(MARLOW, stored(comet));
            assertThat(fixture.postsOf(MARLOW)).hasSize(1);
            assertThat(decisions(MARLOW, Decision.Kind.EVENT).getFirst().reason())
                    .contains("by chance (p = 0.3)");
        }

        @Test
        void does_not_post_too_soon_after_the_last_original_post() {
            var model = new ScriptedLanguageModel(
                    List.of(memoryUpdate(0.9, 0.1), "Comets remind me to look up.", memoryUpdate(0.9, 0.1), "Unused."));
            EventHandling handling = handling(model);
            handling.handle(JUNIPER, stored(comet));
            clock.advance(Duration.ofMinutes(5));

            handling.handle(JUNIPER, stored(new Event.News("The comet splits in two", "space", null)));

            assertThat(fixture.postsOf(JUNIPER)).hasSize(1);
            assertThat(decisions(JUNIPER, Decision.Kind.POST)).anySatisfy(decision -> {
                assertThat(decision.outcome()).isEqualTo(Decision.Outcome.SKIPPED);
                assertThat(decision.reason()).contains("too soon");
            });
            assertThat(eventMemories(JUNIPER)).hasSize(2);
        }
    }

    @Nested
    class Mood_shifts {

        @Test
        void remember_with_importance_0_6_and_move_the_mood_by_the_shift() {
            handling(new OfflineComposer())
                    .handle(JUNIPER, stored(new Event.MoodShift("Melancholy", -0.3, -0.2, -0.1)));

            assertThat(eventMemories(JUNIPER)).singleElement().satisfies(memory -> {
                assertThat(memory.importance()).isEqualTo(0.6);
                assertThat(memory.content()).isEqualTo("Felt a wave of melancholy.");
            });
            Mood mood = moods.current(JUNIPER);
            assertThat(mood.valence()).isCloseTo(-0.3, org.assertj.core.data.Offset.offset(1e-9));
            assertThat(mood.arousal()).isZero();
            assertThat(mood.dominance()).isCloseTo(0.4, org.assertj.core.data.Offset.offset(1e-9));
            assertThat(fixture.postsOf(JUNIPER)).isEmpty();
        }

        @Test
        void post_when_the_arousal_shift_is_above_0_3() {
            handling(new OfflineComposer()).handle(JUNIPER, stored(new Event.MoodShift("Inspiration", 0.3, 0.4, 0.2)));

            assertThat(fixture.postsOf(JUNIPER)).hasSize(1);
        }

        @Test
        void post_on_a_calm_shift_only_when_the_20_percent_chance_comes_up() {
            random.value = 0.21;
            handling(new OfflineComposer())
                    .handle(JUNIPER, stored(new Event.MoodShift("Frustration", -0.2, 0.3, -0.1)));
            assertThat(fixture.postsOf(JUNIPER)).isEmpty();

            random.value = 0.19;
            handling(new OfflineComposer()).handle(MARLOW, stored(new Event.MoodShift("Frustration", -0.2, 0.3, -0.1)));
            assertThat(fixture.postsOf(MARLOW)).hasSize(1);
        }
    }

    @Nested
    class Other_events {

        @Test
        void an_interaction_prompt_goes_to_the_interaction_step_of_its_initiator_once() {
            StoredEvent prompt = stored(new Event.InteractionPrompt("juniper", "marlow", "tea"));
            EventHandling handling = handling(new OfflineComposer());

            handling.handle(JUNIPER, prompt);
            handling.handle(JUNIPER, prompt);

            assertThat(decisions(JUNIPER, Decision.Kind.EVENT))
                    .singleElement()
                    .satisfies(decision -> assertThat(decision.reason())
                            .isEqualTo("interaction prompt with marlow about tea: juniper liked a post of marlow"));
        }

        @Test
        void an_operator_defined_event_leaves_a_memory_and_a_decision() {
            handling(new OfflineComposer())
                    .handle(JUNIPER, stored(new Event.Custom("solar_eclipse", Map.of("where", "Lisbon"))));

            assertThat(eventMemories(JUNIPER))
                    .singleElement()
                    .satisfies(
                            memory -> assertThat(memory.content()).isEqualTo("Noticed solar eclipse: where Lisbon."));
            assertThat(decisions(JUNIPER, Decision.Kind.EVENT)).hasSize(1);
        }

        @Test
        void a_paused_persona_lets_events_pass_by() {
            states.updateActive(JUNIPER, false);

            handling(new OfflineComposer()).handle(JUNIPER, stored(new Event.MoodShift("Joy", 0.3, 0.1, 0)));

            assertThat(eventMemories(JUNIPER)).isEmpty();
            assertThat(moods.current(JUNIPER)).isEqualTo(Mood.START);
        }
    }

    /** A random source whose doubles are set by the test. */
    static final class FixedRandom implements RandomGenerator {

        double value;
        private final List<Double> drawn = new ArrayList<>();

        FixedRandom(double value) {
            this.value = value;
        }

        @Override
        public long nextLong() {
            return 42;
        }

        @Override
        public double nextDouble() {
            drawn.add(value);
            return value;
        }
    }
}
