package dev.puppetengine.event;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.puppetengine.event.feed.RomeFeedReader;
import dev.puppetengine.event.jdbc.JdbcEventSourceStore;
import dev.puppetengine.event.jdbc.JdbcEventStore;
import dev.puppetengine.persona.PersonaId;
import dev.puppetengine.shared.SettableClock;
import dev.puppetengine.shared.TestDatabase;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The event sources on a real store (H2) with a settable clock: the random sources' intervals, no burst on start,
 * one run after a long stop, nothing repeated after a restart; RSS 2.0 and Atom files served by WireMock become news
 * events once each, with conditional GETs, across restarts.
 */
class EventSourcesTest {

    private static final List<PersonaId> CAST = List.of(PersonaId.of("juniper"), PersonaId.of("marlow"));
    private static final RandomEventProperties.News NEWS_OFF =
            new RandomEventProperties.News(false, Duration.ofHours(6));
    private static final RandomEventProperties.Mood MOOD_OFF =
            new RandomEventProperties.Mood(false, Duration.ofHours(4), Duration.ofHours(1));
    private static final RandomEventProperties.Interactions INTERACTIONS_OFF =
            new RandomEventProperties.Interactions(false, Duration.ofHours(8));

    private final SettableClock clock = new SettableClock(Instant.parse("2026-12-01T10:00:00Z"));
    private final Map<String, Instant> timers = new ConcurrentHashMap<>();

    @TempDir
    Path dataDir;

    private DataSource database = TestDatabase.inMemory();

    private EventSources sources(RandomEventProperties random, FeedProperties feeds, FeedReader reader) {
        return sources(CAST, random, feeds, reader);
    }

    private EventSources sources(
            List<PersonaId> cast, RandomEventProperties random, FeedProperties feeds, FeedReader reader) {
        return new EventSources(
                new JdbcEventSourceStore(JdbcClient.create(database)),
                new Events(new JdbcEventStore(JdbcClient.create(database)), timers::put, clock),
                () -> cast,
                new RandomEvents(new Random(7)),
                random,
                reader,
                feeds,
                new TransactionTemplate(new DataSourceTransactionManager(database)),
                clock);
    }

    private EventSources random(RandomEventProperties random) {
        return sources(random, noFeeds(), (url, validators) -> {
            throw new AssertionError("no feed is configured");
        });
    }

    private static FeedProperties noFeeds() {
        return new FeedProperties(List.of(), Duration.ofMinutes(30), "news", 5, Duration.ofSeconds(5));
    }

    private List<StoredEvent> published() {
        List<StoredEvent> events = new ArrayList<>(new JdbcEventStore(JdbcClient.create(database)).listRecent(1_000));
        java.util.Collections.reverse(events);
        return events;
    }

    @Nested
    class Random_sources {

        @Test
        void news_runs_every_interval_from_one_interval_after_start() {
            EventSources sources = random(new RandomEventProperties(
                    new RandomEventProperties.News(true, Duration.ofHours(6)), MOOD_OFF, INTERACTIONS_OFF));

            assertThat(sources.tick()).as("no burst on start").isZero();
            clock.advance(Duration.ofHours(6).minusSeconds(1));
            assertThat(sources.tick()).isZero();
            clock.advance(Duration.ofSeconds(1));
            assertThat(sources.tick()).isEqualTo(1);
            assertThat(sources.tick()).as("once per interval").isZero();
            clock.advance(Duration.ofHours(6));
            assertThat(sources.tick()).isEqualTo(1);

            assertThat(published()).hasSize(2).allSatisfy(event -> {
                assertThat(event.type()).isEqualTo(Event.NEWS);
                assertThat(event.source()).isEqualTo(RandomEvents.SOURCE);
                assertThat(event.targets()).isEmpty();
            });
        }

        @Test
        void after_a_long_stop_a_due_source_runs_once_not_once_per_missed_interval() {
            RandomEventProperties settings = new RandomEventProperties(
                    new RandomEventProperties.News(true, Duration.ofHours(6)), MOOD_OFF, INTERACTIONS_OFF);
            random(settings).tick();

            clock.advance(Duration.ofDays(3));
            EventSources restarted = random(settings);

            assertThat(restarted.tick()).isEqualTo(1);
            assertThat(restarted.tick()).isZero();
            clock.advance(Duration.ofHours(5));
            assertThat(restarted.tick())
                    .as("the next run is one interval after the late one")
                    .isZero();
        }

        @Test
        void a_restart_neither_repeats_nor_resets_a_source() {
            RandomEventProperties settings = new RandomEventProperties(
                    new RandomEventProperties.News(true, Duration.ofHours(6)), MOOD_OFF, INTERACTIONS_OFF);
            random(settings).tick();
            clock.advance(Duration.ofHours(6));
            assertThat(random(settings).tick()).isEqualTo(1);

            clock.advance(Duration.ofHours(3));
            assertThat(random(settings).tick())
                    .as("restarted halfway through the interval")
                    .isZero();
            clock.advance(Duration.ofHours(3));
            assertThat(random(settings).tick()).isEqualTo(1);
        }

        @Test
        void each_persona_gets_a_mood_shift_every_four_to_five_hours() {
            EventSources sources = random(new RandomEventProperties(
                    NEWS_OFF,
                    new RandomEventProperties.Mood(true, Duration.ofHours(4), Duration.ofHours(1)),
                    INTERACTIONS_OFF));
            Map<PersonaId, List<Instant>> moods = new ConcurrentHashMap<>();
            Instant start = clock.instant();
            for (int tick = 0; tick <= 24 * 6; tick++) {
                sources.tick();
                clock.advance(Duration.ofMinutes(10));
            }
            for (StoredEvent event : published()) {
                assertThat(event.type()).isEqualTo(Event.MOOD_SHIFT);
                assertThat(event.targets()).hasSize(1);
                moods.computeIfAbsent(event.targets().getFirst(), p -> new ArrayList<>())
                        .add(event.createdAt());
            }
            assertThat(moods).containsOnlyKeys(CAST);
            for (List<Instant> times : moods.values()) {
                assertThat(Duration.between(start, times.getFirst()))
                        .as("the first within one interval plus jitter of the start")
                        .isBetween(Duration.ZERO, Duration.ofHours(5).plusMinutes(10));
                for (int i = 1; i < times.size(); i++) {
                    assertThat(Duration.between(times.get(i - 1), times.get(i)))
                            .isBetween(Duration.ofHours(4), Duration.ofHours(5).plusMinutes(10));
                }
                assertThat(times).hasSizeBetween(4, 6);
            }
        }

        @Test
        void a_large_cast_starting_together_gets_its_first_mood_shifts_spread_over_the_interval() {
            List<PersonaId> cast = java.util.stream.IntStream.range(0, 1_000)
                    .mapToObj(i -> PersonaId.of("p" + i))
                    .toList();
            EventSources sources = sources(
                    cast,
                    new RandomEventProperties(
                            NEWS_OFF,
                            new RandomEventProperties.Mood(true, Duration.ofHours(4), Duration.ofHours(1)),
                            INTERACTIONS_OFF),
                    noFeeds(),
                    (url, validators) -> {
                        throw new AssertionError("no feed is configured");
                    });
            Instant start = clock.instant();

            assertThat(sources.tick()).isZero();

            int[] perHour = new int[5];
            new JdbcEventSourceStore(JdbcClient.create(database))
                    .listNextRuns()
                    .values()
                    .forEach(due -> perHour[
                            (int) Math.min(4, Duration.between(start, due).toHours())]++);
            assertThat(java.util.Arrays.stream(perHour).boxed().toList())
                    .as("first shifts per hour of the 5-hour window (1,000 personas)")
                    .allSatisfy(count -> assertThat(count).isBetween(120, 280));
        }

        @Test
        void interaction_prompts_come_every_eight_hours_for_their_initiators() {
            EventSources sources = random(new RandomEventProperties(
                    NEWS_OFF, MOOD_OFF, new RandomEventProperties.Interactions(true, Duration.ofHours(8))));
            sources.tick();
            clock.advance(Duration.ofHours(8));

            int drawn = sources.tick();

            assertThat(drawn).isBetween(1, 2); // two personas: one pair, maybe also reversed
            assertThat(published()).hasSize(drawn).allSatisfy(event -> {
                assertThat(event.type()).isEqualTo(Event.INTERACTION_PROMPT);
                assertThat(event.targets())
                        .containsExactly(
                                PersonaId.of(String.valueOf(event.event().data().get("initiator_id"))));
            });
        }

        @Test
        void switched_off_sources_publish_nothing() {
            EventSources sources = random(new RandomEventProperties(NEWS_OFF, MOOD_OFF, INTERACTIONS_OFF));
            for (int hour = 0; hour < 48; hour += 4) {
                assertThat(sources.tick()).isZero();
                clock.advance(Duration.ofHours(4));
            }
            assertThat(published()).isEmpty();
        }
    }

    @Nested
    class Feeds {

        private WireMockServer server;

        @BeforeEach
        void start() {
            database = TestDatabase.inDirectory(dataDir);
            server = new WireMockServer(options().dynamicPort());
            server.start();
        }

        @AfterEach
        void stop() {
            server.stop();
        }

        private void serve(String path, String file, String etag) {
            server.stubFor(get(urlEqualTo(path))
                    .atPriority(5)
                    .willReturn(aResponse()
                            .withHeader("Content-Type", "application/rss+xml; charset=utf-8")
                            .withHeader("ETag", etag)
                            .withBody(resource(file))));
            server.stubFor(get(urlEqualTo(path))
                    .atPriority(1)
                    .withHeader("If-None-Match", equalTo(etag))
                    .willReturn(aResponse().withStatus(304)));
        }

        private FeedProperties feeds(String... paths) {
            return new FeedProperties(
                    java.util.Arrays.stream(paths)
                            .map(path -> URI.create(server.baseUrl() + path))
                            .toList(),
                    Duration.ofMinutes(30),
                    "world news",
                    5,
                    Duration.ofSeconds(5));
        }

        private EventSources feedSources(FeedProperties feeds) {
            return sources(
                    new RandomEventProperties(NEWS_OFF, MOOD_OFF, INTERACTIONS_OFF),
                    feeds,
                    new RomeFeedReader(feeds.timeout()));
        }

        @Test
        void an_rss_feed_becomes_news_events_once_each_across_restarts() {
            serve("/world/rss.xml", "world-news.rss.xml", "\"v1\"");
            FeedProperties settings = feeds("/world/rss.xml");

            assertThat(feedSources(settings).tick())
                    .as("a feed is read at once")
                    .isEqualTo(3);

            assertThat(published())
                    .extracting(StoredEvent::type, StoredEvent::source)
                    .containsOnly(org.assertj.core.groups.Tuple.tuple(Event.NEWS, EventSources.FEED_SOURCE));
            assertThat(published())
                    .extracting(event -> event.event().data().get("headline"))
                    .as("newest first, plain text")
                    .containsExactly(
                            "Night-time greenhouse trial cuts energy use by a third",
                            "Astronomers & amateurs map a comet's tail together",
                            "Museum reopens its hall of \"obsolete\" computers");
            assertThat(published().getFirst().event().data())
                    .containsEntry("topic", "world news")
                    .containsEntry("url", "https://news.example.org/world/greenhouse-trial-1");

            clock.advance(Duration.ofMinutes(30));
            database = TestDatabase.inDirectory(dataDir); // a restart on the same data
            assertThat(feedSources(settings).tick()).as("304: nothing new").isZero();
            server.verify(getRequestedFor(urlEqualTo("/world/rss.xml")).withHeader("If-None-Match", equalTo("\"v1\"")));

            server.resetAll();
            serve("/world/rss.xml", "world-news-updated.rss.xml", "\"v2\"");
            clock.advance(Duration.ofMinutes(30));
            database = TestDatabase.inDirectory(dataDir);
            assertThat(feedSources(settings).tick()).as("only the new item").isEqualTo(1);
            assertThat(published().getLast().event().data())
                    .containsEntry("headline", "City library lends out seed packets for spring");

            clock.advance(Duration.ofMinutes(10));
            assertThat(feedSources(settings).tick())
                    .as("not before its interval")
                    .isZero();
            assertThat(published()).hasSize(4);
        }

        @Test
        void an_atom_feed_becomes_news_events_with_markup_dropped() {
            serve("/releases.atom", "releases.atom.xml", "W/\"atom-1\"");

            assertThat(feedSources(feeds("/releases.atom")).tick()).isEqualTo(2);

            assertThat(published())
                    .extracting(
                            event -> event.event().data().get("headline"),
                            event -> event.event().data().get("url"))
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple(
                                    "v2.4.0 — southern sky charts",
                                    "https://git.example.org/stargazer/planisphere/releases/tag/v2.4.0"),
                            org.assertj.core.groups.Tuple.tuple(
                                    "v2.3.1 hotfix: \"Orion\" labels",
                                    "https://git.example.org/stargazer/planisphere/releases/tag/v2.3.1"));
        }

        @Test
        void a_long_first_read_publishes_the_newest_up_to_the_cap_and_skips_the_rest_for_good() {
            serve("/world/rss.xml", "world-news-updated.rss.xml", "\"v2\"");
            FeedProperties capped = new FeedProperties(
                    List.of(URI.create(server.baseUrl() + "/world/rss.xml")),
                    Duration.ofMinutes(30),
                    "news",
                    2,
                    Duration.ofSeconds(5));

            assertThat(feedSources(capped).tick()).isEqualTo(2);
            server.resetAll();
            serve("/world/rss.xml", "world-news-updated.rss.xml", "\"v3\"");
            clock.advance(Duration.ofMinutes(30));
            assertThat(feedSources(capped).tick())
                    .as("the skipped items stay skipped")
                    .isZero();

            assertThat(published())
                    .extracting(event -> event.event().data().get("headline"))
                    .containsExactly(
                            "City library lends out seed packets for spring",
                            "Night-time greenhouse trial cuts energy use by a third");
        }

        @Test
        void a_page_that_is_not_a_feed_or_a_failing_server_publishes_nothing_and_is_tried_next_interval() {
            server.stubFor(get(urlEqualTo("/broken"))
                    .willReturn(
                            aResponse().withHeader("Content-Type", "text/html").withBody("<html><body>moved")));
            server.stubFor(get(urlEqualTo("/down")).willReturn(aResponse().withStatus(503)));
            EventSources sources = feedSources(feeds("/broken", "/down"));

            assertThat(sources.tick()).isZero();
            assertThat(sources.tick()).as("not again before the interval").isZero();
            clock.advance(Duration.ofMinutes(30));
            assertThat(sources.tick()).isZero();

            server.verify(2, getRequestedFor(urlEqualTo("/broken")));
            server.verify(2, getRequestedFor(urlEqualTo("/down")));
            assertThat(published()).isEmpty();
        }
    }

    private static String resource(String name) {
        try (InputStream in = Objects.requireNonNull(EventSourcesTest.class.getResourceAsStream("/feeds/" + name))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
