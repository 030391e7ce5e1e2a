package dev.puppetengine.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.puppetengine.llm.Generation;
import dev.puppetengine.llm.GenerationRequest;
import dev.puppetengine.llm.LanguageModel;
import dev.puppetengine.llm.LanguageModels;
import dev.puppetengine.llm.ReactionDecision;
import dev.puppetengine.llm.Structured;
import dev.puppetengine.llm.TokenUsage;
import dev.puppetengine.llm.offline.OfflineComposer;
import dev.puppetengine.memory.Memory;
import dev.puppetengine.memory.MemoryKind;
import dev.puppetengine.persona.PersonaId;
import dev.puppetengine.shared.SettableClock;
import dev.puppetengine.shared.TestDatabase;
import dev.puppetengine.social.Account;
import dev.puppetengine.social.FakeNetwork;
import dev.puppetengine.social.Post;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reactions, relationships and conversations between personas (DESIGN §4.5), on the sample cast with the offline
 * composer, a fake network and a settable clock. The interaction prompt of issue 10 is driven by calling
 * {@link Reacting#reactToRecentPostOf}, the step its event handler calls.
 */
class ReactingTest {

    private static final PersonaId JUNIPER = PersonaId.of("juniper");
    private static final PersonaId MARLOW = PersonaId.of("marlow");

    private final SettableClock clock = new SettableClock(Instant.parse("2026-11-25T08:00:00Z"));

    @TempDir
    Path dir;

    /** Juniper and Marlow from the sample cast with every interaction probability set to {@code probability}. */
    private Path castWithProbabilities(String probability) throws IOException {
        String juniper = Files.readString(EngineFixture.SAMPLE_CAST.resolve("juniper.json"))
                .replaceAll("\"(reply|quote_tweet|like)_probability\": [0-9.]+", "\"$1_probability\": " + probability);
        String marlow = Files.readString(EngineFixture.SAMPLE_CAST.resolve("marlow.yaml"))
                .replaceAll("(reply|quote_tweet|like)_probability: [0-9.]+", "$1_probability: " + probability);
        Files.writeString(dir.resolve("juniper.json"), juniper);
        Files.writeString(dir.resolve("marlow.yaml"), marlow);
        return dir;
    }

    /** Distinct texts, so that the output policy never holds a reply back as a repeat. */
    private static final List<String> TEXTS = List.of(
            "Saturn rises late this week, low over the river.",
            "My seedlings leaned toward the grow lamp overnight.",
            "A barn owl hunted along the hedge at midnight.",
            "Compost steams when frost settles on the heap.",
            "Jupiter's moons lined up like beads on a thread.",
            "Luna moths only live a week as adults, imagine that.",
            "Clouds rolled in before the meteor shower peaked.",
            "Mycelium stitched the old oak roots to the birch.",
            "The Pleiades look blurry without binoculars tonight.",
            "Garlic cloves go in the ground before the first frost.",
            "Orion's belt points down toward bright Sirius.",
            "Slugs left silver trails across the potting bench.");

    /** The personas' provider: always this reaction, distinct texts, the rest from the offline composer. */
    private static LanguageModels deciding(ReactionDecision.Action action) {
        OfflineComposer offline = new OfflineComposer();
        AtomicInteger written = new AtomicInteger();
        LanguageModel model = new LanguageModel() {
            @Override
            public String name() {
                return "deciding";
            }

            @Override
            public boolean isLlm() {
                return false;
            }

            @Override
            public Generation generate(GenerationRequest request) {
                String text = TEXTS.get(written.getAndIncrement() % TEXTS.size());
                return new Generation(text, TokenUsage.NONE, "deciding", Generation.FinishReason.STOP);
            }

            @Override
            public <T extends Record> Structured<T> generateStructured(GenerationRequest request, Class<T> type) {
                if (type == ReactionDecision.class) {
                    var decision = new ReactionDecision(action, "the test says so");
                    return new Structured<>(
                            type.cast(decision),
                            new Generation("{}", TokenUsage.NONE, "deciding", Generation.FinishReason.STOP));
                }
                return offline.generateStructured(request, type);
            }
        };
        return new LanguageModels(Map.of("openai", model), offline);
    }

    /** Gives the cast its states and has {@code persona} post once; returns that post. */
    private static Post firstPostOf(EngineFixture fixture, Engine engine, PersonaId persona) {
        engine.ensureStates();
        Instant slot = engine.scheduleFirstPost(persona);
        fixture.clock.set(slot);
        engine.postDue(persona, slot);
        return fixture.postsOf(persona).getLast();
    }

    /** Lets both personas answer their mentions until neither has anything left to say; returns the rounds run. */
    private int converse(EngineFixture fixture, Engine engine) {
        for (int round = 1; round <= 30; round++) {
            fixture.clock.advance(Duration.ofMinutes(2));
            int replies = engine.answerMentions(JUNIPER).replies()
                    + engine.answerMentions(MARLOW).replies();
            if (replies == 0) {
                return round;
            }
        }
        throw new AssertionError("the personas were still talking after 30 rounds");
    }

    private static List<Post> repliesIn(EngineFixture fixture, PersonaId persona, String conversationId) {
        return fixture.postsOf(persona).stream()
                .filter(p -> p.conversationId().equals(conversationId) && p.inReplyToId() != null)
                .toList();
    }

    @Nested
    class An_interaction_prompt_between_two_sample_personas {

        private final EngineFixture fixture = new EngineFixture(clock, TestDatabase.inMemory());
        private final EngineFixture.Wiring wiring = fixture.wire();

        @Test
        void the_initiator_reacts_to_a_real_post_of_the_target_and_both_relationships_change() {
            Engine engine = wiring.engine();
            engine.ensureStates();
            Instant slot = engine.scheduleFirstPost(MARLOW);
            for (int post = 0; post < 3; post++) {
                clock.set(slot);
                slot = engine.postDue(MARLOW, slot).orElseThrow();
            }
            clock.advance(Duration.ofMinutes(5));

            // Juniper's reply probability is 0.35: the gate may say no to a prompt, and a later one gets through.
            Reacting.Reacted reacted = null;
            for (int prompt = 0; prompt < 3 && reacted == null; prompt++) {
                if (wiring.reacting().reactToRecentPostOf(JUNIPER, MARLOW, "night skies") instanceof Reacting.Reacted r
                        && r.action() != ReactionDecision.Action.LIKE) {
                    reacted = r;
                }
            }

            assertThat(reacted)
                    .as("one of three interaction prompts gets a reply or a quote")
                    .isNotNull();
            Reacting.Reacted got = Objects.requireNonNull(reacted);
            String targetId = got.action() == ReactionDecision.Action.REPLY
                    ? got.item().inReplyToId()
                    : got.item().quoteOfId();
            Post target = fixture.network.posts().stream()
                    .filter(p -> p.id().equals(targetId))
                    .findFirst()
                    .orElseThrow();
            assertThat(target.authorId()).isEqualTo(fixture.account(MARLOW).id());
            assertThat(got.action()).isIn(ReactionDecision.Action.REPLY, ReactionDecision.Action.QUOTE);
            Post sent = fixture.postsOf(JUNIPER).getLast();
            if (got.action() == ReactionDecision.Action.REPLY) {
                assertThat(sent.inReplyToId()).isEqualTo(target.id());
            } else {
                assertThat(sent.quotedId()).isEqualTo(target.id());
            }
            converse(fixture, wiring.engine());

            PersonaStateStore states = fixture.states();
            assertThat(states.findRelationship(JUNIPER, "marlow")).hasValueSatisfying(r -> {
                assertThat(r.familiarity()).isGreaterThan(0);
                assertThat(r.lastInteractionAt()).isNotNull();
                assertThat(r.recentInteractions()).isNotEmpty();
            });
            List<Decision> juniper = fixture.decisions(JUNIPER);
            assertThat(juniper)
                    .anySatisfy(d -> {
                        assertThat(d.kind()).isEqualTo(Decision.Kind.REACTION);
                        assertThat(d.outcome()).isIn(Decision.Outcome.REPLIED, Decision.Outcome.QUOTED);
                        assertThat(d.reason()).startsWith("an interaction prompt about night skies; ");
                        assertThat(d.inputRef()).isEqualTo(target.id());
                    })
                    .anySatisfy(d -> {
                        assertThat(d.kind()).isEqualTo(Decision.Kind.RELATIONSHIP);
                        assertThat(d.reason()).startsWith("with Marlow Quince: ");
                    });
            assertThat(fixture.memories().listByKind(JUNIPER, MemoryKind.INTERACTION))
                    .extracting(Memory::content)
                    .anySatisfy(
                            text -> assertThat(text).contains("Marlow Quince").doesNotContain("@"));
            if (got.action() == ReactionDecision.Action.REPLY) {
                assertThat(states.findRelationship(MARLOW, "juniper"))
                        .as("Marlow answered Juniper's reply, so Marlow's view of Juniper moved too")
                        .hasValueSatisfying(r -> assertThat(r.familiarity()).isGreaterThan(0));
            }
        }

        @Test
        void the_same_post_is_reacted_to_once() {
            Post target = firstPostOf(fixture, wiring.engine(), MARLOW);

            wiring.reacting().react(JUNIPER, target, "a followed persona's post");
            Reacting.Reaction again = wiring.reacting().react(JUNIPER, target, "a followed persona's post");

            assertThat(again).isInstanceOf(Reacting.Ignored.class);
            assertThat(again.reason()).contains("before");
            assertThat(fixture.decisions(JUNIPER))
                    .filteredOn(d ->
                            d.kind() == Decision.Kind.REACTION && target.id().equals(d.inputRef()))
                    .hasSize(1);
        }

        @Test
        void a_persona_never_reacts_to_its_own_post() {
            Post own = firstPostOf(fixture, wiring.engine(), JUNIPER);

            Reacting.Reaction reaction = wiring.reacting().react(JUNIPER, own, "its own timeline");

            assertThat(reaction).isInstanceOf(Reacting.Ignored.class);
            assertThat(reaction.reason()).contains("never answers itself");
            assertThat(fixture.postsOf(JUNIPER)).containsExactly(own);
        }
    }

    @Nested
    class Two_personas_who_always_reply {

        @Test
        void stop_at_the_turn_cap_however_likely_their_replies_are() throws IOException {
            var fixture = new EngineFixture(clock, TestDatabase.inMemory(), castWithProbabilities("1.0"));
            EngineFixture.Wiring wiring = fixture.wire(deciding(ReactionDecision.Action.REPLY));
            Post target = firstPostOf(fixture, wiring.engine(), MARLOW);

            assertThat(wiring.reacting().reactToRecentPostOf(JUNIPER, MARLOW, "the moon"))
                    .isInstanceOf(Reacting.Reacted.class);
            converse(fixture, wiring.engine());

            String conversation = target.conversationId();
            assertThat(repliesIn(fixture, JUNIPER, conversation)).hasSize(4);
            assertThat(repliesIn(fixture, MARLOW, conversation)).hasSize(4);
            assertThat(fixture.decisions(JUNIPER))
                    .as("Juniper opened, so Juniper meets the cap first")
                    .anySatisfy(d -> assertThat(d.reason()).startsWith("turn cap reached: 4 replies"));
            assertThat(converse(fixture, wiring.engine()))
                    .as("nothing is left to answer")
                    .isEqualTo(1);
        }

        @Test
        void stop_at_a_configured_cap() throws IOException {
            var fixture =
                    new EngineFixture(clock, TestDatabase.inMemory(), castWithProbabilities("1.0")).withTurnCap(2);
            EngineFixture.Wiring wiring = fixture.wire(deciding(ReactionDecision.Action.REPLY));
            Post target = firstPostOf(fixture, wiring.engine(), MARLOW);

            wiring.reacting().reactToRecentPostOf(JUNIPER, MARLOW, "the moon");
            converse(fixture, wiring.engine());

            assertThat(repliesIn(fixture, JUNIPER, target.conversationId())).hasSize(2);
            assertThat(repliesIn(fixture, MARLOW, target.conversationId())).hasSize(2);
        }

        @Test
        void a_human_in_the_thread_is_not_capped() throws IOException {
            var fixture =
                    new EngineFixture(clock, TestDatabase.inMemory(), castWithProbabilities("1.0")).withTurnCap(1);
            Engine engine =
                    fixture.wire(deciding(ReactionDecision.Action.REPLY)).engine();
            Account human = new Account("7", "operator", "Operator");
            Post first = firstPostOf(fixture, engine, JUNIPER);
            FakeNetwork network = fixture.network;

            Post question = network.publish(human, "which moths are out tonight?", first.id());
            clock.advance(Duration.ofMinutes(1));
            assertThat(engine.answerMentions(JUNIPER).replies()).isEqualTo(1);
            Post answer = fixture.postsOf(JUNIPER).getLast();
            network.publish(human, "and which ones stay till dawn?", answer.id());
            clock.advance(Duration.ofMinutes(1));

            assertThat(engine.answerMentions(JUNIPER).replies()).isEqualTo(1);
            assertThat(repliesIn(fixture, JUNIPER, question.conversationId())).hasSize(2);
        }
    }

    @Nested
    class Reflection_from_the_engine {

        @Test
        void runs_after_enough_new_memories_and_shows_in_a_decision() throws IOException {
            var fixture = new EngineFixture(clock, TestDatabase.inMemory(), castWithProbabilities("1.0"))
                    .withReflectionThreshold(4);
            EngineFixture.Wiring wiring = fixture.wire(deciding(ReactionDecision.Action.REPLY));
            firstPostOf(fixture, wiring.engine(), MARLOW);

            wiring.reacting().reactToRecentPostOf(JUNIPER, MARLOW, "the moon");
            converse(fixture, wiring.engine());

            List<Memory> reflections = fixture.memories().listByKind(JUNIPER, MemoryKind.REFLECTION);
            assertThat(reflections).isNotEmpty();
            assertThat(fixture.decisions(JUNIPER)).anySatisfy(d -> {
                assertThat(d.kind()).isEqualTo(Decision.Kind.REFLECTION);
                assertThat(d.outcome()).isEqualTo(Decision.Outcome.UPDATED);
                assertThat(d.reason())
                        .startsWith("reflected on 4 memories: ")
                        .contains(reflections.getFirst().content());
            });
        }
    }

    @Nested
    class Reflection_from_the_job {

        /** {@code count} memories of the persona, stored as no step of it would: only the job reflects on them. */
        private void sawMeteors(EngineFixture fixture, PersonaId persona, int count) {
            for (int i = 0; i < count; i++) {
                fixture.memories()
                        .add(new Memory(
                                0,
                                persona,
                                MemoryKind.EVENT,
                                "Saw meteor number " + i + " from the roof.",
                                0.7,
                                0,
                                clock.instant(),
                                List.of(),
                                null));
            }
        }

        @Test
        void checks_a_large_cast_in_rotating_slices_so_every_persona_is_reached(@TempDir Path dir) throws IOException {
            String juniper = Files.readString(Path.of("config/agents/juniper.json"));
            int count = Engine.REFLECT_ALL_AT_ONCE + 50;
            for (int i = 0; i < count; i++) {
                String id = String.format("p%03d", i);
                Files.writeString(
                        dir.resolve(id + ".json"), juniper.replace("\"id\": \"juniper\"", "\"id\": \"" + id + "\""));
            }
            var fixture = new EngineFixture(clock, TestDatabase.inMemory(), dir).withReflectionThreshold(4);
            EngineFixture.Wiring wiring = fixture.wire();
            PersonaId first = PersonaId.of("p000");
            PersonaId last = PersonaId.of(String.format("p%03d", count - 1));
            sawMeteors(fixture, first, 4);
            sawMeteors(fixture, last, 4);

            wiring.engine().reflectAll();

            assertThat(fixture.memories().listByKind(first, MemoryKind.REFLECTION))
                    .isNotEmpty();
            assertThat(fixture.memories().listByKind(last, MemoryKind.REFLECTION))
                    .as("the first run checks the first %d personas only", Engine.REFLECT_ALL_AT_ONCE)
                    .isEmpty();

            wiring.engine().reflectAll();

            assertThat(fixture.memories().listByKind(last, MemoryKind.REFLECTION))
                    .isNotEmpty();
        }

        @Test
        void reflects_for_a_persona_whose_steps_did_not_and_shows_it_in_a_decision() {
            var fixture = new EngineFixture(clock, TestDatabase.inMemory()).withReflectionThreshold(4);
            EngineFixture.Wiring wiring = fixture.wire();
            wiring.engine().ensureStates();
            sawMeteors(fixture, MARLOW, 4);

            wiring.engine().reflectAll();

            List<Memory> reflections = fixture.memories().listByKind(MARLOW, MemoryKind.REFLECTION);
            assertThat(reflections).isNotEmpty();
            assertThat(fixture.decisions(MARLOW))
                    .filteredOn(d -> d.kind() == Decision.Kind.REFLECTION)
                    .singleElement()
                    .satisfies(d -> assertThat(d.reason())
                            .startsWith("reflected on 4 memories: ")
                            .contains(reflections.getFirst().content()));
            assertThat(fixture.decisions(JUNIPER)).noneMatch(d -> d.kind() == Decision.Kind.REFLECTION);

            wiring.engine().reflectAll();
            assertThat(fixture.decisions(MARLOW))
                    .filteredOn(d -> d.kind() == Decision.Kind.REFLECTION)
                    .hasSize(1);
        }
    }

    @Nested
    class The_probability_gates {

        @Test
        void a_zero_probability_turns_the_decision_into_no_reaction() throws IOException {
            var fixture = new EngineFixture(clock, TestDatabase.inMemory(), castWithProbabilities("0"));
            EngineFixture.Wiring wiring = fixture.wire(deciding(ReactionDecision.Action.REPLY));
            Post target = firstPostOf(fixture, wiring.engine(), MARLOW);
            int before = fixture.postsOf(JUNIPER).size();

            Reacting.Reaction reaction = wiring.reacting().react(JUNIPER, target, "a followed persona's post");

            assertThat(reaction).isInstanceOf(Reacting.Ignored.class);
            assertThat(reaction.reason())
                    .contains("reply because the test says so", "reply probability (0.00) said no");
            assertThat(fixture.postsOf(JUNIPER)).hasSize(before);
            assertThat(fixture.decisions(JUNIPER))
                    .anySatisfy(d -> assertThat(d.outcome()).isEqualTo(Decision.Outcome.IGNORED));
        }

        @Test
        void a_quote_is_a_real_quote_post() throws IOException {
            var fixture = new EngineFixture(clock, TestDatabase.inMemory(), castWithProbabilities("1.0"));
            EngineFixture.Wiring wiring = fixture.wire(deciding(ReactionDecision.Action.QUOTE));
            Post target = firstPostOf(fixture, wiring.engine(), MARLOW);

            Reacting.Reaction reaction = wiring.reacting().react(JUNIPER, target, "a followed persona's post");

            assertThat(reaction).isInstanceOf(Reacting.Reacted.class);
            Post quote = fixture.postsOf(JUNIPER).getLast();
            assertThat(quote.quotedId()).isEqualTo(target.id());
            assertThat(quote.inReplyToId()).isNull();
            assertThat(fixture.states().require(JUNIPER).lastOriginalPostAt())
                    .as("a quote is not an original post")
                    .isNull();
            assertThat(fixture.states().findRelationship(JUNIPER, "marlow")).isPresent();
        }

        @Test
        void a_like_goes_through_the_outbox() throws IOException {
            var fixture = new EngineFixture(clock, TestDatabase.inMemory(), castWithProbabilities("1.0"));
            EngineFixture.Wiring wiring = fixture.wire(deciding(ReactionDecision.Action.LIKE));
            Post target = firstPostOf(fixture, wiring.engine(), MARLOW);

            Reacting.Reaction reaction = wiring.reacting().react(JUNIPER, target, "a followed persona's post");

            assertThat(reaction).isInstanceOf(Reacting.Reacted.class);
            assertThat(((Reacting.Reacted) reaction).item().isLike()).isTrue();
            assertThat(fixture.network.likes())
                    .containsExactly(
                            new FakeNetwork.Like(fixture.account(JUNIPER).id(), target.id()));
            assertThat(fixture.decisions(JUNIPER))
                    .anySatisfy(d -> assertThat(d.reason()).isEqualTo("liked " + target.id()));
        }
    }
}
