package dev.puppetengine.event;

import static org.assertj.core.api.Assertions.assertThat;

import dev.puppetengine.persona.PersonaId;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The random sources' tables and draws (DESIGN §4.4), with a seeded random source. */
class RandomEventsTest {

    private static final List<PersonaId> CAST =
            List.of(PersonaId.of("juniper"), PersonaId.of("marlow"), PersonaId.of("tess"));

    private final RandomEvents random = new RandomEvents(new Random(42));

    @Test
    void mood_shifts_are_the_five_of_the_design_with_their_values() {
        assertThat(RandomEvents.MOOD_SHIFTS)
                .extracting(
                        Event.MoodShift::name,
                        Event.MoodShift::valenceShift,
                        Event.MoodShift::arousalShift,
                        Event.MoodShift::dominanceShift)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("sudden inspiration", 0.3, 0.4, 0.2),
                        org.assertj.core.groups.Tuple.tuple("mild frustration", -0.2, 0.3, -0.1),
                        org.assertj.core.groups.Tuple.tuple("pleasant surprise", 0.4, 0.3, 0.1),
                        org.assertj.core.groups.Tuple.tuple("brief melancholy", -0.3, -0.2, -0.1),
                        org.assertj.core.groups.Tuple.tuple("creative surge", 0.3, 0.4, 0.3));
    }

    @Test
    void a_mood_event_is_for_its_persona_only_and_every_shift_is_drawn() {
        Set<String> names = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            PublishEvent mood = random.moodFor(PersonaId.of("tess"));
            assertThat(mood.targets()).containsExactly(PersonaId.of("tess"));
            assertThat(mood.source()).isEqualTo(RandomEvents.SOURCE);
            names.add(((Event.MoodShift) mood.event()).name());
        }
        assertThat(names).hasSize(RandomEvents.MOOD_SHIFTS.size());
    }

    @Test
    void news_is_a_headline_on_one_of_the_topics_for_everyone() {
        for (int i = 0; i < 100; i++) {
            PublishEvent news = random.news();
            Event.News event = (Event.News) news.event();
            assertThat(RandomEvents.NEWS_TOPICS).contains(event.topic());
            assertThat(event.headline()).contains(event.topic()).doesNotContain("%s");
            assertThat(news.targets()).as("every active persona").isEmpty();
        }
    }

    @Test
    void one_to_three_distinct_pairs_each_for_its_initiator_some_also_the_other_way() {
        int prompts = 0;
        int reversed = 0;
        Set<Integer> pairCounts = new HashSet<>();
        for (int round = 0; round < 2_000; round++) {
            List<Event.InteractionPrompt> drawn = random.interactions(CAST).stream()
                    .peek(event -> assertThat(event.targets())
                            .containsExactly(PersonaId.of(((Event.InteractionPrompt) event.event()).initiatorId())))
                    .map(event -> (Event.InteractionPrompt) event.event())
                    .toList();
            Set<Set<String>> pairs = new HashSet<>();
            for (Event.InteractionPrompt prompt : drawn) {
                assertThat(prompt.initiatorId()).isNotEqualTo(prompt.targetId());
                assertThat(RandomEvents.INTERACTION_TOPICS).contains(prompt.topic());
                pairs.add(Set.of(prompt.initiatorId(), prompt.targetId()));
            }
            pairCounts.add(pairs.size());
            prompts += pairs.size();
            reversed += drawn.size() - pairs.size();
        }
        assertThat(pairCounts).containsExactlyInAnyOrder(1, 2, 3);
        assertThat((double) reversed / prompts).isBetween(0.27, 0.33);
    }

    @Test
    void no_prompt_without_two_personas_and_never_more_pairs_than_exist() {
        assertThat(random.interactions(List.of())).isEmpty();
        assertThat(random.interactions(List.of(PersonaId.of("tess")))).isEmpty();
        IntStream.range(0, 200)
                .forEach(i -> assertThat(random.interactions(List.of(PersonaId.of("a"), PersonaId.of("b"))))
                        .extracting(event -> Set.of(
                                ((Event.InteractionPrompt) event.event()).initiatorId(),
                                ((Event.InteractionPrompt) event.event()).targetId()))
                        .containsOnly(Set.of("a", "b")));
    }

    @Test
    void the_jitter_is_uniform_within_its_bound() {
        Duration four = Duration.ofHours(4);
        Duration hour = Duration.ofHours(1);
        List<Duration> drawn = IntStream.range(0, 1_000)
                .mapToObj(i -> random.jittered(four, hour))
                .toList();
        assertThat(drawn).allSatisfy(delay -> assertThat(delay).isBetween(four, four.plus(hour)));
        assertThat(drawn.stream()
                        .filter(delay -> delay.compareTo(four.plusMinutes(30)) < 0)
                        .count())
                .isBetween(400L, 600L);
        assertThat(random.jittered(four, Duration.ZERO)).isEqualTo(four);
    }
}
