package dev.puppetengine.memory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.puppetengine.memory.onnx.MiniLmEmbedder;
import dev.puppetengine.persona.PersonaId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Recall with the real all-MiniLM-L6-v2 model over about 200 varied memories: each query shares no word with the
 * memories it should find, while decoys share a word with the query but not its meaning.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SemanticRecallIT {

    private static final PersonaId ADA = PersonaId.of("ada");
    private static final RecallWeights RELEVANCE_ONLY = new RecallWeights(0, 0, 1);

    private static final List<String> ACTIVITIES = List.of(
            "Repainted the garden fence",
            "Baked sourdough bread",
            "Fixed a squeaky door hinge",
            "Planted tomato seedlings",
            "Read a chapter of a detective novel",
            "Assembled a bookshelf from flat-pack pieces",
            "Cleaned the oven",
            "Walked to the post office",
            "Watched a documentary about volcanoes",
            "Knitted a wool scarf",
            "Reorganised the kitchen drawers",
            "Vacuumed the living room carpet",
            "Washed the car",
            "Wrote a letter to my grandmother",
            "Solved a crossword puzzle",
            "Ironed shirts for the week",
            "Replaced a flat bicycle tyre",
            "Hung new curtains in the bedroom",
            "Sketched the skyline from the rooftop",
            "Tried a new ramen place downtown",
            "Changed the smoke alarm batteries",
            "Mowed the lawn",
            "Planned a hiking route in the hills",
            "Updated the laptop operating system",
            "Shovelled snow off the driveway",
            "Glued a broken mug back together",
            "Sorted the recycling into bins",
            "Defrosted the freezer",
            "Framed a photo of the mountains",
            "Built a birdhouse from scrap wood",
            "Polished my leather boots",
            "Made a pot of vegetable soup",
            "Swept the balcony",
            "Took the bus to the library",
            "Learned three phrases of Portuguese",
            "Cut my own hair badly",
            "Translated a recipe from Italian",
            "Restrung the washing line",
            "Watered the houseplants",
            "Photographed the autumn leaves",
            "Fixed a dripping tap",
            "Returned a parcel to the courier",
            "Labelled the spice jars",
            "Cleaned the bathroom tiles",
            "Painted a watercolour of a lighthouse");
    private static final List<String> CONTEXTS =
            List.of("this morning", "with my neighbour", "on a rainy Tuesday", "after work");

    private MemoryFixture memory;
    private MemoryFixture lexical;

    @BeforeAll
    void remember_about_two_hundred_memories() {
        memory = MemoryFixture.onH2(new MiniLmEmbedder(), MemoryProperties.DEFAULTS);
        List<String> texts = new ArrayList<>();
        for (String activity : ACTIVITIES) {
            for (String context : CONTEXTS) {
                texts.add(activity + " " + context + ".");
            }
        }
        cases().forEach(c -> {
            texts.addAll(c.related());
            texts.addAll(c.decoys());
        });
        // wide enough that hash collisions between words are rare
        lexical = MemoryFixture.onH2(new HashingEmbedder(1 << 14), MemoryProperties.DEFAULTS);
        for (String text : texts) {
            memory.bank.remember(ADA, MemoryKind.EVENT, text, 0.5, 0, List.of());
            lexical.bank.remember(ADA, MemoryKind.EVENT, text, 0.5, 0, List.of());
        }
        memory.pipeline.embedPending();
        lexical.pipeline.embedPending();
        assertThat(memory.store.count(ADA)).isGreaterThanOrEqualTo(195);
    }

    record Case(String query, List<String> related, List<String> decoys) {}

    static Stream<Case> cases() {
        return Stream.of(
                new Case(
                        "pet cats",
                        List.of(
                                "My kitten curled up on my lap and purred all evening.",
                                "Adopted a tabby from the shelter; she naps on the windowsill."),
                        List.of("My pet peeve is people who chew loudly.")),
                new Case(
                        "stock market crash",
                        List.of(
                                "Equities plunged twelve percent before lunch and traders panicked.",
                                "My retirement portfolio lost a fifth of its value overnight."),
                        List.of(
                                "Bought fresh apples at the farmers market.",
                                "Took stock of the pantry and threw out old flour.")),
                new Case(
                        "learning to play guitar",
                        List.of(
                                "Practised chord changes on my six-string until my fingertips hurt.",
                                "Finally strummed through a whole song without stopping."),
                        List.of(
                                "Kids play in the park every afternoon.",
                                "The machine learning talk at the conference was dull.")),
                new Case(
                        "feeling sick with fever",
                        List.of(
                                "Stayed in bed all day shivering, temperature hit thirty-nine degrees.",
                                "The doctor said it is the flu and told me to rest."),
                        List.of("Feeling great about the new apartment.")),
                new Case(
                        "sea journey",
                        List.of(
                                "Spent two weeks aboard a sailboat crossing the Atlantic.",
                                "Seasick on the ferry deck while waves rocked the ship."),
                        List.of(
                                "A sea of umbrellas filled the square.",
                                "The journey through the tax forms never ends.")));
    }

    static Stream<Arguments> queries() {
        return cases().map(Arguments::of);
    }

    private static Set<String> words(String text) {
        return new HashSet<>(Arrays.asList(text.toLowerCase(Locale.ROOT).split("[^a-z0-9]+")));
    }

    private List<String> top(String query, int k, RecallWeights weights) {
        return memory.recall.rank(ADA, query, k, weights).stream()
                .map(s -> s.memory().content())
                .toList();
    }

    @Nested
    class WithTheRealModel {

        @ParameterizedTest
        @MethodSource("dev.puppetengine.memory.SemanticRecallIT#queries")
        void ranks_the_memories_that_mean_the_query_first(Case c) {
            for (String related : c.related()) {
                Set<String> shared = words(related);
                shared.retainAll(words(c.query()));
                shared.remove("");
                assertThat(shared)
                        .as("words shared by '%s' and '%s'", c.query(), related)
                        .isEmpty();
            }

            assertThat(top(c.query(), 2, RELEVANCE_ONLY)).containsExactlyInAnyOrderElementsOf(c.related());
            assertThat(top(c.query(), 2, RecallWeights.EQUAL)).containsExactlyInAnyOrderElementsOf(c.related());
        }

        @ParameterizedTest
        @MethodSource("dev.puppetengine.memory.SemanticRecallIT#queries")
        void ranks_them_above_memories_that_only_share_a_word(Case c) {
            List<String> ranking = top(c.query(), 200, RELEVANCE_ONLY);

            for (String decoy : c.decoys()) {
                for (String related : c.related()) {
                    assertThat(ranking.indexOf(related)).isLessThan(ranking.indexOf(decoy));
                }
            }
        }
    }

    @Nested
    class AgainstKeywordMatching {

        @ParameterizedTest
        @MethodSource("dev.puppetengine.memory.SemanticRecallIT#queries")
        void a_lexical_embedder_would_rank_a_decoy_first(Case c) {
            List<String> ranking = lexical.recall.rank(ADA, c.query(), 200, RELEVANCE_ONLY).stream()
                    .map(s -> s.memory().content())
                    .toList();

            int bestDecoy = c.decoys().stream().mapToInt(ranking::indexOf).min().orElseThrow();
            for (String related : c.related()) {
                assertThat(ranking.indexOf(related)).isGreaterThan(bestDecoy);
            }
        }
    }

    @Nested
    class WeightsStillApply {

        @ParameterizedTest
        @MethodSource("dev.puppetengine.memory.SemanticRecallIT#queries")
        void a_newer_unrelated_memory_overtakes_when_recency_dominates(Case c) {
            var later = new MemoryFixture(memory.dataSource, memory.embedder, memory.properties, memory.clock);
            later.clock.advance(Duration.ofDays(30));
            Memory fresh =
                    later.bank.remember(ADA, MemoryKind.EVENT, "Rearranged the sofa cushions.", 0.5, 0, List.of());
            later.pipeline.embedPending();
            try {
                assertThat(later.recall
                                .rank(ADA, c.query(), 1, new RecallWeights(10, 0, 1))
                                .getFirst()
                                .memory())
                        .isEqualTo(fresh);
                assertThat(later.recall.rank(ADA, c.query(), 2, RELEVANCE_ONLY))
                        .extracting(s -> s.memory().content())
                        .containsExactlyInAnyOrderElementsOf(c.related());
            } finally {
                later.store.deleteNonCore(ADA, List.of(fresh.id()));
                memory.recall.forget(ADA);
            }
        }
    }
}
