package dev.puppetengine.event;

import dev.puppetengine.persona.PersonaId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * The random event sources' tables (DESIGN §4.4, those of the original Puppet Engine): a news headline on a random
 * topic, one of five mood shifts for one persona, and one to three interaction prompts between random pairs of
 * personas, each also the other way round with p = 0.3. Only draws events; {@link EventSources} publishes them on
 * their intervals.
 */
public final class RandomEvents {

    /** Where a random event says it came from ({@link StoredEvent#source()}). */
    public static final String SOURCE = "random";

    static final List<String> NEWS_TOPICS = List.of(
            "technology breakthrough",
            "political development",
            "entertainment news",
            "scientific discovery",
            "business announcement",
            "sports highlight",
            "internet trend",
            "cultural moment");

    /** Headline templates; {@code %s} is the topic. */
    static final List<String> NEWS_HEADLINES = List.of(
            "Breaking: Major %s announced today.",
            "New %s shakes up the industry.",
            "Unexpected %s surprises everyone.",
            "Controversial %s sparks debate.",
            "Exciting %s gets everyone talking.");

    /** Valence, arousal and dominance shifts. */
    static final List<Event.MoodShift> MOOD_SHIFTS = List.of(
            new Event.MoodShift("sudden inspiration", 0.3, 0.4, 0.2),
            new Event.MoodShift("mild frustration", -0.2, 0.3, -0.1),
            new Event.MoodShift("pleasant surprise", 0.4, 0.3, 0.1),
            new Event.MoodShift("brief melancholy", -0.3, -0.2, -0.1),
            new Event.MoodShift("creative surge", 0.3, 0.4, 0.3));

    static final List<String> INTERACTION_TOPICS = List.of(
            "current trends",
            "a shared interest",
            "a recent news item",
            "a philosophical question",
            "an industry development",
            "a creative idea");

    static final int MAX_PROMPTS = 3;
    static final double REVERSE_PROBABILITY = 0.3;

    private final RandomGenerator random;

    public RandomEvents(RandomGenerator random) {
        this.random = Objects.requireNonNull(random);
    }

    /** A headline on a random topic, for every active persona. */
    public PublishEvent news() {
        String topic = pick(NEWS_TOPICS);
        String headline = String.format(pick(NEWS_HEADLINES), topic);
        return PublishEvent.now(new Event.News(headline, topic, null), SOURCE);
    }

    /** One of the mood shifts, for {@code persona} only. */
    public PublishEvent moodFor(PersonaId persona) {
        return new PublishEvent(pick(MOOD_SHIFTS), Priority.NORMAL, List.of(persona), Duration.ZERO, SOURCE);
    }

    /**
     * One to three prompts between distinct random pairs of {@code personas}, each for its initiator, each followed by
     * its reverse with p = 0.3; none when fewer than two personas are active.
     */
    public List<PublishEvent> interactions(List<PersonaId> personas) {
        List<PersonaId> cast = List.copyOf(new java.util.LinkedHashSet<>(personas));
        if (cast.size() < 2) {
            return List.of();
        }
        int pairs = Math.min(1 + random.nextInt(MAX_PROMPTS), cast.size() * (cast.size() - 1) / 2);
        Set<Set<PersonaId>> drawn = new HashSet<>();
        List<PublishEvent> prompts = new ArrayList<>();
        while (drawn.size() < pairs) {
            PersonaId initiator = cast.get(random.nextInt(cast.size()));
            PersonaId target = cast.get(random.nextInt(cast.size()));
            if (initiator.equals(target) || !drawn.add(Set.of(initiator, target))) {
                continue;
            }
            String topic = pick(INTERACTION_TOPICS);
            prompts.add(prompt(initiator, target, topic));
            if (random.nextDouble() < REVERSE_PROBABILITY) {
                prompts.add(prompt(target, initiator, topic));
            }
        }
        return prompts;
    }

    /** A uniform random part of {@code window}, from one millisecond up to all of it. */
    public Duration within(Duration window) {
        return Duration.ofMillis(1 + random.nextLong(Math.max(1, window.toMillis())));
    }

    /** {@code interval} plus a uniform random part of up to {@code jitter}. */
    public Duration jittered(Duration interval, Duration jitter) {
        long extra = jitter.isZero() ? 0 : random.nextLong(jitter.toMillis() + 1);
        return interval.plusMillis(extra);
    }

    private static PublishEvent prompt(PersonaId initiator, PersonaId target, String topic) {
        return new PublishEvent(
                new Event.InteractionPrompt(initiator.value(), target.value(), topic),
                Priority.NORMAL,
                List.of(initiator),
                Duration.ZERO,
                SOURCE);
    }

    private <T> T pick(List<T> table) {
        return table.get(random.nextInt(table.size()));
    }
}
