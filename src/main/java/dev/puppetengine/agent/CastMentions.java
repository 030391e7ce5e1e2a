package dev.puppetengine.agent;

import dev.puppetengine.persona.PersonaCatalog;
import dev.puppetengine.persona.PersonaId;
import dev.puppetengine.persona.PersonaSpec;
import dev.puppetengine.shared.ExternalServiceException;
import dev.puppetengine.social.Post;
import dev.puppetengine.social.SocialNetwork;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the mentions of the whole cast with recent searches instead of one mentions call per persona (DESIGN §6.2),
 * when that costs fewer requests: {@link CastQueries} ORs the active personas' handles, each query runs on the
 * account of its first persona ({@code searchNetworks}), from its persisted {@code since_id} ({@link CastCursors}),
 * and each post found goes to every persona it addresses ({@link #route}), answered by
 * {@link Engine#answerFound} as the persona's own read would answer it. A persona it covers reads no mentions of its
 * own ({@link #covers}); with one persona, the switch off, or a search that failed for good, none is covered. A
 * covered persona's mentions task only comes back for its waiting replies, so the read wakes it ({@link
 * MentionWakeups}) at once when the persona is no longer covered (it reads its own from then on); a reply it
 * answered that waits in the outbox wakes it at the reply's next attempt ({@link Delivery#deliver}), and so does,
 * on the first read after a start, a reply the previous run left waiting.
 */
public final class CastMentions {

    private static final Logger log = LoggerFactory.getLogger(CastMentions.class);

    private final Engine engine;
    private final PersonaCatalog catalog;
    private final PersonaStateStore states;
    private final Function<PersonaSpec, SocialNetwork> searchNetworks;
    private final CastCursors cursors;
    private final boolean enabled;
    private final MentionWakeups wakeups;
    private final Clock clock;
    /** Null until the first read: then every active persona counts as covered when the switch is on. */
    private volatile @Nullable Set<PersonaId> covered;

    public CastMentions(
            Engine engine,
            PersonaCatalog catalog,
            PersonaStateStore states,
            Function<PersonaSpec, SocialNetwork> searchNetworks,
            CastCursors cursors,
            boolean enabled,
            MentionWakeups wakeups,
            Clock clock) {
        this.engine = Objects.requireNonNull(engine);
        this.wakeups = Objects.requireNonNull(wakeups);
        this.clock = Objects.requireNonNull(clock);
        this.catalog = Objects.requireNonNull(catalog);
        this.states = Objects.requireNonNull(states);
        this.searchNetworks = Objects.requireNonNull(searchNetworks);
        this.cursors = Objects.requireNonNull(cursors);
        this.enabled = enabled;
    }

    public boolean enabled() {
        return enabled;
    }

    /**
     * Whether the cast search reads the persona's mentions, so its own mention task only delivers its replies.
     * Before the first cast read (which runs first at start), every persona is, when the switch is on.
     */
    public boolean covers(PersonaId persona) {
        if (!enabled) {
            return false;
        }
        Set<PersonaId> known = covered;
        return known == null || known.contains(persona);
    }

    /**
     * One cast read: how many new mentions by others it found and answered, and which personas it covers (empty when
     * the personas read their own).
     */
    public record CastCheck(List<PersonaId> covered, int mentions, int replies) {
        public CastCheck {
            covered = List.copyOf(covered);
        }
    }

    /**
     * Reads and answers the cast's new mentions; wakes the mentions task of every persona covered before and not now
     * (before the first read: every active one), so it reads its own mentions from now on.
     */
    public CastCheck read() {
        Set<PersonaId> before = covered;
        List<PersonaId> active = engine.listActivePersonas();
        Map<PersonaId, Instant> leftWaiting = before == null && enabled ? engine.listRepliesDue() : Map.of();
        CastCheck check = enabled ? readCast(active) : new CastCheck(List.of(), 0, 0);
        covered = Set.copyOf(check.covered());
        Set<PersonaId> dropped = new LinkedHashSet<>(before == null ? active : before);
        check.covered().forEach(dropped::remove);
        if (!dropped.isEmpty()) {
            log.info("{} personas read their own mentions again", dropped.size());
            Instant now = clock.instant();
            dropped.forEach(persona -> wakeups.wake(persona, now));
        }
        // the first read after a start: a covered persona whose reply the previous run left waiting (a stop, a crash
        // mid-send) may have its task hours out
        Set<PersonaId> covering = Set.copyOf(check.covered());
        leftWaiting.forEach((persona, due) -> {
            if (covering.contains(persona)) {
                wakeups.wake(persona, due);
            }
        });
        return check;
    }

    private CastCheck readCast(List<PersonaId> active) {
        List<CastQueries.Query> queries = CastQueries.plan(handles(active));
        Set<PersonaId> planned = new LinkedHashSet<>();
        queries.forEach(q -> planned.addAll(q.personas().values()));
        if (queries.isEmpty() || queries.size() >= planned.size()) {
            return new CastCheck(List.of(), 0, 0);
        }
        covered = Set.copyOf(planned);
        int mentions = 0;
        int replies = 0;
        Set<PersonaId> stillCovered = new LinkedHashSet<>(planned);
        for (CastQueries.Query query : queries) {
            Optional<Read> read = read(query);
            if (read.isEmpty()) {
                stillCovered.removeAll(query.personas().values());
                continue;
            }
            mentions += read.get().mentions();
            replies += read.get().replies();
        }
        return new CastCheck(List.copyOf(stillCovered), mentions, replies);
    }

    private record Read(int mentions, int replies) {}

    /** Runs one query; empty when it failed for good (its personas then read their own mentions). */
    private Optional<Read> read(CastQueries.Query query) {
        PersonaId first = new TreeMap<>(invert(query.personas())).firstKey();
        Optional<PersonaSpec> account = catalog.findPersona(first);
        if (account.isEmpty()) {
            return Optional.empty();
        }
        Optional<String> since = cursors.find(query.text()).or(() -> oldestCursor(query));
        List<SocialNetwork.Found> found;
        try {
            found = searchNetworks.apply(account.get()).search(query.text(), since.orElse(null));
        } catch (ExternalServiceException.Transient e) {
            log.info(
                    "the cast search of {} personas failed for now: {}",
                    query.personas().size(),
                    e.getMessage());
            return Optional.of(new Read(0, 0));
        } catch (ExternalServiceException e) {
            log.warn(
                    "the cast search ({} personas) failed, they read their own mentions: {}",
                    query.personas().size(),
                    e.getMessage());
            return Optional.empty();
        }
        int mentions = 0;
        int replies = 0;
        String postponedFrom = null;
        for (Map.Entry<PersonaId, List<Post>> routed : route(query, found).entrySet()) {
            Engine.MentionCheck check = engine.answerFound(routed.getKey(), routed.getValue());
            mentions += check.mentions();
            replies += check.replies();
            String from = check.postponedFrom();
            if (from != null && (postponedFrom == null || Engine.isNewer(postponedFrom, from))) {
                postponedFrom = from;
            }
        }
        newCursor(found, postponedFrom).ifPresent(id -> cursors.advance(query.text(), id));
        return Optional.of(new Read(mentions, replies));
    }

    /**
     * The posts found, per persona they address (mentioned by {@code @}, or whose post they reply to or quote),
     * oldest first; a post addressing several personas goes to each.
     */
    static Map<PersonaId, List<Post>> route(CastQueries.Query query, List<SocialNetwork.Found> found) {
        Map<PersonaId, List<Post>> routed = new LinkedHashMap<>();
        for (SocialNetwork.Found hit : found) {
            for (String username : hit.addressed()) {
                query.findPersona(username)
                        .ifPresent(persona -> routed.computeIfAbsent(persona, p -> new ArrayList<>())
                                .add(hit.post()));
            }
        }
        return routed;
    }

    /** The newest post found before the first one left for later (the next read finds that one again). */
    private static Optional<String> newCursor(List<SocialNetwork.Found> found, @Nullable String postponedFrom) {
        String newest = null;
        for (SocialNetwork.Found hit : found) {
            String id = hit.post().id();
            if (postponedFrom != null && !Engine.isNewer(postponedFrom, id)) {
                continue;
            }
            if (newest == null || Engine.isNewer(id, newest)) {
                newest = id;
            }
        }
        return Optional.ofNullable(newest);
    }

    /** A new query starts where its personas' own reads stopped, when every one of them has read before. */
    private Optional<String> oldestCursor(CastQueries.Query query) {
        String oldest = null;
        for (PersonaId persona : query.personas().values()) {
            Optional<String> cursor = states.findMentionCursor(persona);
            if (cursor.isEmpty()) {
                return Optional.empty();
            }
            if (oldest == null || Engine.isNewer(oldest, cursor.get())) {
                oldest = cursor.get();
            }
        }
        return Optional.ofNullable(oldest);
    }

    /** The active personas' usernames; one whose account cannot be read now is left to its own mention task. */
    private Map<PersonaId, String> handles(List<PersonaId> active) {
        Map<PersonaId, String> handles = new LinkedHashMap<>();
        for (PersonaId persona : active) {
            Optional<PersonaSpec> spec = catalog.findPersona(persona);
            if (spec.isEmpty()) {
                continue;
            }
            try {
                handles.put(persona, engine.networkOf(spec.get()).me().username());
            } catch (ExternalServiceException e) {
                log.info("{} is not in the cast search now: {}", persona, e.getMessage());
            }
        }
        return handles;
    }

    private static Map<PersonaId, String> invert(Map<String, PersonaId> byUsername) {
        Map<PersonaId, String> inverted = new LinkedHashMap<>();
        byUsername.forEach((username, persona) -> inverted.put(persona, username));
        return inverted;
    }
}
