package dev.puppetengine.event;

import dev.puppetengine.persona.PersonaId;
import dev.puppetengine.shared.ExternalServiceException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionOperations;

/**
 * The event sources (DESIGN §4.4): the random ones of {@link RandomEvents} and the configured RSS/Atom feeds, each
 * publishing through {@link Events} on its own interval in persona time. {@link #tick} runs them all; each source's
 * next run is stored ({@link EventSourceStore}), so a restart neither repeats nor skips a source, and one that fell
 * due while the engine was down runs once, not once per missed interval. A random source waits one interval after
 * it is first seen (no burst on start); a feed is read at once. Publishing and moving the next run happen in one
 * transaction (the mood shifts due in one tick share one per {@value #MOODS_PER_TRANSACTION} personas), and a feed item is marked seen in the transaction that publishes it: nothing is published twice.
 */
public final class EventSources {

    private static final Logger log = LoggerFactory.getLogger(EventSources.class);
    static final String NEWS = "random:news";
    static final String INTERACTIONS = "random:interactions";
    static final String MOOD = "random:mood:";
    static final int MOODS_PER_TRANSACTION = 500;
    static final String FEED = "feed:";
    /** Where a feed's news event says it came from ({@link StoredEvent#source()}). */
    public static final String FEED_SOURCE = "feed";

    private final EventSourceStore store;
    private final Events events;
    private final EventAudience audience;
    private final RandomEvents random;
    private final RandomEventProperties randomSettings;
    private final FeedReader feeds;
    private final FeedProperties feedSettings;
    private final TransactionOperations transactions;
    private final Clock clock;

    public EventSources(
            EventSourceStore store,
            Events events,
            EventAudience audience,
            RandomEvents random,
            RandomEventProperties randomSettings,
            FeedReader feeds,
            FeedProperties feedSettings,
            TransactionOperations transactions,
            Clock clock) {
        this.store = Objects.requireNonNull(store);
        this.events = Objects.requireNonNull(events);
        this.audience = Objects.requireNonNull(audience);
        this.random = Objects.requireNonNull(random);
        this.randomSettings = Objects.requireNonNull(randomSettings);
        this.feeds = Objects.requireNonNull(feeds);
        this.feedSettings = Objects.requireNonNull(feedSettings);
        this.transactions = Objects.requireNonNull(transactions);
        this.clock = Objects.requireNonNull(clock);
    }

    /** Runs every source that is due now; returns how many events were published. */
    public synchronized int tick() {
        Map<String, Instant> nextRuns = new HashMap<>(store.listNextRuns());
        Instant now = clock.instant();
        int published = 0;
        RandomEventProperties.News news = randomSettings.news();
        if (news.enabled()) {
            published += runRandom(NEWS, nextRuns, now, news::interval, () -> List.of(random.news()));
        }
        RandomEventProperties.Mood mood = randomSettings.mood();
        RandomEventProperties.Interactions interactions = randomSettings.interactions();
        List<PersonaId> active = mood.enabled() || interactions.enabled() ? audience.listActive() : List.of();
        if (interactions.enabled()) {
            published +=
                    runRandom(INTERACTIONS, nextRuns, now, interactions::interval, () -> random.interactions(active));
        }
        if (mood.enabled()) {
            firstMoodShifts(active, nextRuns, now, mood);
            published += moodShifts(active, nextRuns, now, mood);
        }
        for (URI url : feedSettings.urls()) {
            String key = feedKey(url);
            Instant due = nextRuns.get(key);
            if (due == null || !due.isAfter(now)) {
                published += readFeed(url, key, now);
            }
        }
        return published;
    }

    /**
     * Draws the first mood shift of every persona that has none yet uniformly within one interval plus jitter, all in
     * one transaction: the shifts of a cast that starts together are spread, not due together one interval later (a
     * cast of 10,000 would get 10,000 at once).
     */
    private void firstMoodShifts(
            List<PersonaId> active, Map<String, Instant> nextRuns, Instant now, RandomEventProperties.Mood mood) {
        List<String> missing = active.stream()
                .map(persona -> MOOD + persona.value())
                .filter(key -> !nextRuns.containsKey(key))
                .toList();
        if (missing.isEmpty()) {
            return;
        }
        Duration window = mood.interval().plus(mood.jitter());
        Map<String, Instant> drawn = new LinkedHashMap<>();
        missing.forEach(key -> drawn.put(key, now.plus(random.within(window))));
        transactions.executeWithoutResult(tx -> drawn.forEach(store::setNextRun));
        nextRuns.putAll(drawn);
    }

    /**
     * Publishes the mood shift of every persona whose next one is due and draws the one after, {@value #MOODS_PER_TRANSACTION}
     * personas to a transaction (one each was a commit per event: 33 a second for 10,000 personas at speed 60).
     */
    private int moodShifts(
            List<PersonaId> active, Map<String, Instant> nextRuns, Instant now, RandomEventProperties.Mood mood) {
        List<PersonaId> due = active.stream()
                .filter(persona -> {
                    Instant next = nextRuns.get(MOOD + persona.value());
                    return next != null && !next.isAfter(now);
                })
                .toList();
        for (int from = 0; from < due.size(); from += MOODS_PER_TRANSACTION) {
            List<PersonaId> chunk = due.subList(from, Math.min(due.size(), from + MOODS_PER_TRANSACTION));
            transactions.executeWithoutResult(tx -> chunk.forEach(persona -> {
                events.publish(random.moodFor(persona));
                store.setNextRun(MOOD + persona.value(), now.plus(random.jittered(mood.interval(), mood.jitter())));
            }));
        }
        return due.size();
    }

    private int runRandom(
            String key,
            Map<String, Instant> nextRuns,
            Instant now,
            Supplier<Duration> interval,
            Supplier<List<PublishEvent>> draw) {
        Instant due = nextRuns.get(key);
        if (due == null) {
            store.setNextRun(key, now.plus(interval.get()));
            return 0;
        }
        if (due.isAfter(now)) {
            return 0;
        }
        return Objects.requireNonNull(transactions.execute(tx -> {
            List<PublishEvent> drawn = draw.get();
            drawn.forEach(events::publish);
            store.setNextRun(key, now.plus(interval.get()));
            return drawn.size();
        }));
    }

    /** Reads one feed and publishes its new items, newest first, up to the per-read cap; the rest are skipped. */
    private int readFeed(URI url, String key, Instant now) {
        store.setNextRun(key, now.plus(feedSettings.interval()));
        FeedReader.Read read;
        try {
            read = feeds.read(url, store.findValidators(key).orElse(FeedReader.Validators.NONE));
        } catch (ExternalServiceException e) {
            log.warn(
                    "feed {} could not be read: {}; next try at {}",
                    url,
                    e.getMessage(),
                    now.plus(feedSettings.interval()));
            return 0;
        }
        if (!(read instanceof FeedReader.Items(String title, List<FeedReader.Item> items, FeedReader.Validators v))) {
            return 0;
        }
        List<FeedReader.Item> newestFirst = items.stream()
                .sorted(Comparator.comparing(
                        FeedReader.Item::published, Comparator.nullsLast(Comparator.reverseOrder())))
                .toList();
        int published = 0;
        int skipped = 0;
        for (FeedReader.Item item : newestFirst) {
            Event.@Nullable News news = newsOf(item);
            boolean publish = news != null && published < feedSettings.maxItemsPerPoll();
            boolean fresh = Objects.requireNonNull(transactions.execute(tx -> {
                boolean unseen = store.markSeen(key, hash(item.key()), now);
                if (unseen && publish && news != null) {
                    events.publish(PublishEvent.now(news, FEED_SOURCE));
                }
                return unseen;
            }));
            if (fresh && publish) {
                published++;
            } else if (fresh) {
                skipped++;
            }
        }
        store.saveValidators(key, v);
        if (published > 0 || skipped > 0) {
            log.info(
                    "feed {} ({}): {} new items became news events, {} skipped (the cap per read is {})",
                    url,
                    title,
                    published,
                    skipped,
                    feedSettings.maxItemsPerPoll());
        }
        return published;
    }

    /** A news event for the item: its title on one line, cut to fit; null when it has no title. */
    private Event.@Nullable News newsOf(FeedReader.Item item) {
        String headline = oneLine(item.title());
        if (headline.isEmpty()) {
            return null;
        }
        if (headline.length() > Event.MAX_TEXT) {
            headline = headline.substring(0, Event.MAX_TEXT - 1).strip() + "…";
        }
        String link = item.link();
        boolean usable = link != null
                && link.length() <= Event.MAX_TEXT
                && (link.startsWith("https://") || link.startsWith("http://"));
        return new Event.News(headline, feedSettings.topic(), usable ? link : null);
    }

    private static String oneLine(String text) {
        return text.codePoints()
                .map(c -> Character.isISOControl(c) || Character.isWhitespace(c) ? ' ' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
                .toString()
                .replaceAll(" {2,}", " ")
                .strip();
    }

    static String feedKey(URI url) {
        return FEED + hash(url.toString()).substring(0, 40);
    }

    private static String hash(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
