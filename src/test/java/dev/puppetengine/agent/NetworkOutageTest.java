package dev.puppetengine.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.puppetengine.llm.CallType;
import dev.puppetengine.llm.GenerationRequest;
import dev.puppetengine.llm.LanguageModels;
import dev.puppetengine.llm.ScriptedLanguageModel;
import dev.puppetengine.llm.offline.OfflineComposer;
import dev.puppetengine.persona.PersonaId;
import dev.puppetengine.shared.ExternalServiceException;
import dev.puppetengine.shared.SettableClock;
import dev.puppetengine.shared.TestDatabase;
import dev.puppetengine.social.Account;
import dev.puppetengine.social.FakeNetwork;
import dev.puppetengine.social.FakeNetwork.Refusal;
import dev.puppetengine.social.OutboxItem;
import dev.puppetengine.social.OutboxStatus;
import dev.puppetengine.social.Post;
import dev.puppetengine.social.jdbc.JdbcOutbox;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Done-when 2 of issue 9: X refuses for 24 persona-hours (429 with a reset, then 5xx, then timeouts of which half
 * reached X) while a persona that wants to post every 6 to 12 minutes keeps its schedule and answers mentions.
 */
class NetworkOutageTest {

    private static final PersonaId JUNIPER = PersonaId.of("juniper");
    private static final Duration MIN_BETWEEN_POSTS = Duration.ofMinutes(6);
    private static final Duration MENTION_CHECKS = Duration.ofMinutes(5);
    private static final Instant START = Instant.parse("2026-11-25T08:00:00Z");
    private static final Instant OUTAGE = START.plus(Duration.ofHours(1));
    private static final Instant RECOVERY = OUTAGE.plus(Duration.ofHours(24));
    private static final Instant END = RECOVERY.plus(Duration.ofHours(6));

    @TempDir
    Path cast;

    private final SettableClock clock = new SettableClock(START);
    private final Account reader = new Account("7", "reader", "Reader");
    private ScriptedLanguageModel model;
    private EngineFixture fixture;

    @BeforeEach
    void a_persona_that_posts_every_few_minutes() throws IOException {
        String juniper = Files.readString(EngineFixture.SAMPLE_CAST.resolve("juniper.json"))
                .replace("\"min_hours_between_posts\": 4", "\"min_hours_between_posts\": 0.1")
                .replace("\"max_hours_between_posts\": 10", "\"max_hours_between_posts\": 0.2");
        assertThat(juniper).contains("0.1", "0.2");
        Files.writeString(cast.resolve("juniper.json"), juniper);
        fixture = new EngineFixture(clock, TestDatabase.inMemory(), cast);
        model = new ScriptedLanguageModel(distinctTexts(2000));
    }

    /**
     * X refuses from OUTAGE to RECOVERY: 8 hours of 429 until the next quarter hour, 8 hours of 503s (reads fail too),
     * then 8 hours in which every post times out, though half of them reached X.
     */
    private static Optional<Refusal> outage(Instant now) {
        if (now.isBefore(OUTAGE) || !now.isBefore(RECOVERY)) {
            return Optional.empty();
        }
        long hours = Duration.between(OUTAGE, now).toHours();
        if (hours < 8) {
            Instant reset = now.truncatedTo(ChronoUnit.HOURS)
                    .plus(Duration.ofMinutes(15L * (now.atZone(ZoneOffset.UTC).getMinute() / 15 + 1)));
            return Optional.of(new Refusal(
                    new ExternalServiceException.RateLimited(
                            "x", "create-post answered 429: Too Many Requests", Duration.between(now, reset)),
                    false,
                    false));
        }
        if (hours < 16) {
            return Optional.of(new Refusal(
                    new ExternalServiceException.Unavailable(
                            "x", "create-post answered 503: Service Unavailable", null),
                    false,
                    true));
        }
        boolean reachedX = now.atZone(ZoneOffset.UTC).getMinute() % 2 == 0;
        return Optional.of(new Refusal(
                new ExternalServiceException.TimedOut("x", "create-post timed out", null), reachedX, false));
    }

    @Test
    void keeps_one_undelivered_original_calls_the_model_once_per_post_and_keeps_min_hours_after_recovery() {
        FakeNetwork network = fixture.network;
        network.refuse(NetworkOutageTest::outage);
        Engine engine = fixture.wire(new LanguageModels(Map.of("openai", model), new OfflineComposer()))
                .engine();
        engine.ensureStates();
        JdbcOutbox outbox = new JdbcOutbox(JdbcClient.create(fixture.database), clock);

        Instant nextPost = engine.scheduleFirstPost(JUNIPER);
        Instant nextCheck = START;
        Instant nextMention = START.plus(Duration.ofMinutes(20));
        int mostUndelivered = 0;
        List<Post> mentions = new ArrayList<>();
        for (int steps = 0; clock.instant().isBefore(END); steps++) {
            assertThat(steps).as("steps").isLessThan(20_000);
            Instant at = min(nextPost, min(nextCheck, nextMention));
            clock.set(at);
            if (at.equals(nextMention)) {
                mentions.add(network.publish(reader, "@juniper what is growing tonight? #" + mentions.size(), null));
                nextMention = at.plus(Duration.ofHours(3));
            } else if (at.equals(nextPost)) {
                nextPost = engine.postDue(JUNIPER, at).orElseThrow();
                assertThat(nextPost).as("the next post-due run").isAfter(at);
            } else {
                engine.answerMentions(JUNIPER);
                nextCheck = at.plus(MENTION_CHECKS);
            }
            long undelivered = outbox.listUndelivered(JUNIPER).stream()
                    .filter(item -> !item.isReply())
                    .count();
            mostUndelivered = Math.max(mostUndelivered, (int) undelivered);
        }

        List<OutboxItem> items = outbox.list(JUNIPER, null, 10_000);
        List<OutboxItem> originals =
                items.stream().filter(item -> !item.isReply()).toList();
        List<OutboxItem> replies = items.stream().filter(OutboxItem::isReply).toList();
        assertThat(mostUndelivered).as("undelivered originals at any time").isLessThanOrEqualTo(1);
        assertThat(calls(CallType.NEW_POST)).as("model calls for posts").isEqualTo(originals.size());
        assertThat(calls(CallType.REPLY)).as("model calls for replies").isEqualTo(replies.size());
        assertThat(replies).as("one reply per mention").hasSize(mentions.size());
        assertThat(items).as("nothing is left undelivered after recovery").noneMatch(OutboxItem::isUndelivered);

        List<Instant> onX = fixture.postsOf(JUNIPER).stream()
                .filter(post -> post.inReplyToId() == null)
                .map(Post::createdAt)
                .sorted()
                .toList();
        assertThat(IntStream.range(1, onX.size()).mapToObj(i -> Duration.between(onX.get(i - 1), onX.get(i))))
                .as("gaps between originals on X")
                .allSatisfy(gap -> assertThat(gap).isGreaterThanOrEqualTo(MIN_BETWEEN_POSTS));
        assertThat(onX.stream().filter(at -> at.isAfter(RECOVERY)))
                .as("posting resumes on schedule after recovery")
                .hasSizeGreaterThan(20);
        assertThat(onX.stream().filter(at -> at.isAfter(OUTAGE) && at.isBefore(RECOVERY)))
                .as("posts that reached X through a timeout, found and not resent")
                .isNotEmpty();
        assertThat(originals)
                .as("the draft that waited more than 12 hours expired unsent")
                .anyMatch(item -> item.status() == OutboxStatus.EXPIRED);
        assertThat(fixture.postsOf(JUNIPER).stream().filter(post -> post.inReplyToId() != null))
                .as("replies on X")
                .hasSize(mentions.size());
    }

    private long calls(CallType type) {
        return model.requests().stream()
                .map(GenerationRequest::callType)
                .filter(type::equals)
                .count();
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    /** Lowercase notes that share too few words to be near-duplicates of each other. */
    private static List<String> distinctTexts(int count) {
        List<String> words = List.of(
                "moth", "fern", "soil", "lamp", "seed", "root", "leaf", "dew", "fog", "owl", "bark", "moss", "spore",
                "stem", "tray", "pot", "hose", "glass", "frost", "bulb", "vine", "kale", "bean", "pea", "rye", "oat",
                "clay", "sand", "silt", "worm", "slug", "snail", "beetle", "gnat", "wasp", "bee", "ant", "mite",
                "lichen", "thyme", "sage", "mint", "basil", "dill", "chive", "leek", "onion", "garlic", "tomato",
                "pepper", "squash", "melon", "gourd", "corn", "wheat", "barley", "millet", "hemp", "flax", "nettle");
        SplittableRandom random = new SplittableRandom(5);
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            List<String> picked = new ArrayList<>();
            while (picked.size() < 7) {
                String word = words.get(random.nextInt(words.size()));
                if (!picked.contains(word)) {
                    picked.add(word);
                }
            }
            texts.add("tonight the " + String.join(" and the ", picked) + " kept quiet company");
        }
        return texts;
    }
}
