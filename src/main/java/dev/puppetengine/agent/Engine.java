package dev.puppetengine.agent;

import dev.puppetengine.persona.PersonaCatalog;
import dev.puppetengine.persona.PersonaId;
import dev.puppetengine.persona.PersonaSpec;
import dev.puppetengine.shared.ExternalServiceException;
import dev.puppetengine.social.OutboxItem;
import dev.puppetengine.social.OutboxStatus;
import dev.puppetengine.social.Post;
import dev.puppetengine.social.SocialNetwork;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The persona loop's entry points (DESIGN §4.3, §4.5, §6.1), one per persona task: a due post goes through
 * {@link Posting} then {@link Delivery}; new mentions through {@link MentionAnswering} then {@link Delivery}. The
 * post entry first delivers the persona's waiting original, the mention entry its waiting replies. One entry per
 * persona runs at a time, on this node and on the others sharing the database ({@link PersonaLocks}); different
 * personas run in parallel, so the random generator must be thread-safe (a seeded one in single-threaded
 * tests).
 */
public final class Engine {

    private static final Logger log = LoggerFactory.getLogger(Engine.class);
    private static final Duration FIRST_POST_MIN = Duration.ofMinutes(1);
    private static final Duration FIRST_POST_MAX = Duration.ofMinutes(5);
    private static final Duration FIRST_POST_SPREAD = FIRST_POST_MAX.minus(FIRST_POST_MIN);
    private static final double FIRST_POSTS_PER_SECOND_FLOOR = 1.0;
    /** {@link #reflectAll} checks a cast this large whole each run. */
    static final int REFLECT_ALL_AT_ONCE = 200;
    /** {@link #reflectAll} checks a larger cast whole over this many runs. */
    static final int REFLECT_ALL_RUNS = 60;

    private final PersonaCatalog catalog;
    private final PersonaStateStore states;
    private final Function<PersonaSpec, SocialNetwork> networks;
    private final Function<PersonaSpec, Optional<String>> unavailable;
    private final Set<PersonaId> toldUnavailable = ConcurrentHashMap.newKeySet();
    private final AtomicInteger reflectAllCursor = new AtomicInteger();
    private final Posting posting;
    private final MentionAnswering answering;
    private final Delivery delivery;
    private final PersonaHealth health;
    private final Reflecting reflecting;
    private final RandomGenerator random;
    private final Clock clock;
    private final PersonaLocks locks;

    public Engine(
            PersonaCatalog catalog,
            PersonaStateStore states,
            Function<PersonaSpec, SocialNetwork> networks,
            Function<PersonaSpec, Optional<String>> unavailable,
            Posting posting,
            MentionAnswering answering,
            Delivery delivery,
            PersonaHealth health,
            Reflecting reflecting,
            RandomGenerator random,
            Clock clock,
            PersonaLocks locks) {
        this.catalog = Objects.requireNonNull(catalog);
        this.states = Objects.requireNonNull(states);
        this.networks = Objects.requireNonNull(networks);
        this.unavailable = Objects.requireNonNull(unavailable);
        this.posting = Objects.requireNonNull(posting);
        this.answering = Objects.requireNonNull(answering);
        this.delivery = Objects.requireNonNull(delivery);
        this.health = Objects.requireNonNull(health);
        this.reflecting = Objects.requireNonNull(reflecting);
        this.random = Objects.requireNonNull(random);
        this.clock = Objects.requireNonNull(clock);
        this.locks = Objects.requireNonNull(locks);
    }

    /**
     * Gives every configured persona without a state row one (active as its file says); returns how many were
     * created. Run at start, before {@link #listActivePersonas()}.
     */
    public int ensureStates() {
        Map<PersonaId, PersonaState> stored = storedStates();
        int created = 0;
        for (PersonaSpec persona : catalog.listPersonas()) {
            if (!stored.containsKey(persona.id())) {
                states.createIfAbsent(persona.id(), persona.active());
                created++;
            }
        }
        return created;
    }

    /**
     * The configured personas whose stored state is active and whose network can be used (live: they have
     * credentials), ordered by id. Reads only.
     */
    public List<PersonaId> listActivePersonas() {
        Map<PersonaId, PersonaState> stored = storedStates();
        List<PersonaId> active = new ArrayList<>();
        for (PersonaSpec persona : catalog.listPersonas()) {
            PersonaState state = stored.get(persona.id());
            if (state != null && state.active() && isStartable(persona)) {
                active.add(persona.id());
            }
        }
        return active;
    }

    /** Every stored state by persona id, read in one query. */
    Map<PersonaId, PersonaState> storedStates() {
        Map<PersonaId, PersonaState> stored = new HashMap<>();
        for (PersonaState state : states.listAll()) {
            stored.put(state.personaId(), state);
        }
        return stored;
    }

    /**
     * Draws when a persona without a scheduled post posts first — a few minutes from now, per persona, so that a cast
     * never posts in the same second — records it as the persona's next post time and returns it. For a persona that
     * joins a running cast (activation, a new file); the cast given its first posts at start spreads them over
     * {@link #firstPostWindow(List)}.
     */
    public Instant scheduleFirstPost(PersonaId personaId) {
        return scheduleFirstPost(personaId, FIRST_POST_SPREAD);
    }

    /**
     * Draws the persona's first post uniformly in [1 minute, 1 minute + {@code window}) from now, records it as its
     * next post time and returns it.
     */
    public Instant scheduleFirstPost(PersonaId personaId, Duration window) {
        Instant at = drawFirstPost(window);
        states.updateNextPostAt(personaId, at);
        return at;
    }

    /** A first post time in [1 minute, 1 minute + {@code window}) from now; nothing is recorded. */
    public Instant drawFirstPost(Duration window) {
        long spread = window.toMillis();
        return clock.instant()
                .plus(FIRST_POST_MIN)
                .plusMillis(spread <= 0 ? 0 : random.nextLong(spread))
                .truncatedTo(ChronoUnit.MILLIS);
    }

    /** Records the personas' drawn first post times as their next post times. */
    public void recordFirstPosts(Map<PersonaId, Instant> firstPosts) {
        firstPosts.forEach(states::updateNextPostAt);
    }

    /**
     * Over how long the first posts of {@code personas}, all given theirs now, are spread (DESIGN §9: due times are
     * spread, never aligned): {@link #firstPostWindow(int, double)} of their number and of their steady posting rate,
     * the sum of 1 / mean interval (the middle of {@code min/max_hours_between_posts}). Unknown ids count as personas
     * without a rate.
     */
    public Duration firstPostWindow(List<PersonaId> personas) {
        double postsPerSecond = 0;
        for (PersonaId id : personas) {
            Optional<PersonaSpec> persona = catalog.findPersona(id);
            if (persona.isPresent()) {
                postsPerSecond += postsPerSecond(persona.get().behaviour().postFrequency());
            }
        }
        return firstPostWindow(personas.size(), postsPerSecond);
    }

    /**
     * max(4 minutes, {@code personas} / max(rate, 1 post per second)): a small cast keeps the 1–5 minutes of a single
     * persona (the demo's first post comes within 15 s); a large one starts at the pace it keeps afterwards, or at one
     * first post per second when that pace is slower (1,000 personas posting every 1–2 h: ~17 minutes; 10,000: ~90).
     */
    static Duration firstPostWindow(int personas, double postsPerSecond) {
        double rate = Math.max(postsPerSecond, FIRST_POSTS_PER_SECOND_FLOOR);
        Duration spread = Duration.ofMillis(Math.round(personas / rate * 1000));
        return spread.compareTo(FIRST_POST_SPREAD) > 0 ? spread : FIRST_POST_SPREAD;
    }

    /** 1 / the mean interval between posts, per second; a persona with no minimum interval counts as very fast. */
    static double postsPerSecond(PersonaSpec.PostFrequency frequency) {
        double min = Math.max(0, frequency.minHoursBetweenPosts());
        double max = Math.max(min, frequency.maxHoursBetweenPosts());
        double meanSeconds = (min + max) / 2 * 3600;
        return meanSeconds > 0 ? 1 / meanSeconds : Double.POSITIVE_INFINITY;
    }

    /**
     * Runs the post due at {@code slot} and returns when the persona's post-due step runs next; empty when it should
     * not post any more (paused, or no longer configured). While an original post of the persona is undelivered, the
     * step retries delivering it (at its next attempt) instead of drafting another; once it is delivered, the next
     * slot is drawn from its delivery. Safe to run again for the same slot: the slot's item is never drafted twice,
     * and never resent when the network has it.
     */
    public Optional<Instant> postDue(PersonaId personaId, Instant slot) {
        return asPersona(personaId, () -> {
            Optional<PersonaSpec> persona = findActive(personaId);
            if (persona.isEmpty()) {
                log.info("{} is paused or no longer configured; its post schedule stops", personaId);
                if (states.find(personaId).isPresent()) {
                    states.updateNextPostAt(personaId, null);
                }
                return Optional.empty();
            }
            SocialNetwork network = networkOf(persona.get());
            Optional<Instant> waited = deliverWaitingOriginal(persona.get(), network);
            Instant next = waited.isPresent() ? waited.get() : post(persona.get(), network, slot);
            reflect(persona.get());
            return Optional.of(next);
        });
    }

    /**
     * Delivers the persona's undelivered original, if there is one: returns when to come back while it stays
     * undelivered, or the next slot drawn from its delivery; empty when none is waiting (any more), so a new post may
     * be drafted. Refused and expired items free the way; more than one is waiting only after an older version.
     */
    private Optional<Instant> deliverWaitingOriginal(PersonaSpec persona, SocialNetwork network) {
        Optional<OutboxItem> waiting = delivery.findUndeliveredOriginal(persona.id());
        while (waiting.isPresent()) {
            OutboxItem delivered = delivery.deliverOriginal(waiting.get(), network);
            switch (delivered.status()) {
                case PENDING, DISPATCHING -> {
                    return Optional.of(holdFor(persona.id(), delivered));
                }
                case POSTED -> {
                    Instant postedAt = Objects.requireNonNullElse(delivered.postedAt(), clock.instant());
                    return Optional.of(posting.scheduleAfter(persona, postedAt));
                }
                case FAILED, EXPIRED, HELD, REFUSED, AWAITING_APPROVAL, REJECTED ->
                    waiting = delivery.findUndeliveredOriginal(persona.id());
            }
        }
        return Optional.empty();
    }

    private Instant post(PersonaSpec persona, SocialNetwork network, Instant slot) {
        Posting.Drafted drafted = posting.draftDue(persona, slot);
        if (drafted instanceof Posting.Queued(OutboxItem item, Instant next)) {
            OutboxItem delivered = delivery.deliverOriginal(item, network);
            if (delivered.isUndelivered()) {
                return holdFor(persona.id(), delivered);
            }
        }
        return drafted.next();
    }

    /** The post-due step comes back at the item's next attempt; no new post is drafted until it is delivered. */
    private Instant holdFor(PersonaId personaId, OutboxItem undelivered) {
        Instant retry = delivery.retryAt(undelivered);
        states.updateNextPostAt(personaId, retry);
        log.info("{} waits for its post {} to be delivered; next try at {}", personaId, undelivered.id(), retry);
        return retry;
    }

    /**
     * Posts about {@code topic} now, outside the schedule (an event the persona reacts to), under the idempotency key
     * {@code key}: drafted by {@link Posting#draftAbout} and delivered at once. Declined while another original of
     * the persona waits to be delivered; a post the network did not take yet is delivered by the post-due step.
     */
    public Posting.Extra postAbout(PersonaId personaId, String topic, String key) {
        return postExtra(personaId, key, persona -> posting.draftAbout(persona, topic, key));
    }

    /**
     * Writes a trade post (DESIGN §7) about {@code topic} now, under the idempotency key {@code key}, through the
     * outbox, its policy and approvals, and delivers it at once. A fill is news that does not wait, so the too-soon
     * rule does not hold it back (trades have their own pace: {@code min_hours_between_trades}, {@code
     * max_daily_trades}); it is an original post, so the next scheduled post keeps {@code min_hours} after it.
     * Declined while another original of the persona waits to be delivered; the persona's schedule is left alone.
     */
    public Posting.Extra postTrade(PersonaId personaId, String topic, String key) {
        return postExtra(personaId, key, persona -> posting.draftNow(persona, topic, key));
    }

    /**
     * An original post outside the schedule, drafted by {@code draft} under {@code key} and delivered at once;
     * declined while the persona is paused or another original of it waits to be delivered.
     */
    private Posting.Extra postExtra(PersonaId personaId, String key, Function<PersonaSpec, Posting.Extra> draft) {
        return asPersona(personaId, () -> {
            Optional<PersonaSpec> persona = findActive(personaId);
            if (persona.isEmpty()) {
                return new Posting.Extra.Declined("paused or no longer configured");
            }
            Optional<OutboxItem> waiting = delivery.findUndeliveredOriginal(personaId);
            if (waiting.isPresent() && !waiting.get().idempotencyKey().equals(key)) {
                return new Posting.Extra.Declined("an earlier post is still waiting to be delivered");
            }
            Posting.Extra extra = draft.apply(persona.get());
            if (extra instanceof Posting.Extra.Queued(OutboxItem item)) {
                return new Posting.Extra.Queued(delivery.deliverOriginal(item, networkOf(persona.get())));
            }
            return extra;
        });
    }

    /** What became of a post an operator asked for ({@link #postNow}). */
    public sealed interface ManualPost {

        /** Written and in the outbox; delivered at once unless the network did not take it yet. */
        record Queued(OutboxItem item) implements ManualPost {}

        /** Too soon since the persona's last original post and not forced: it may post from {@code mayPostAt}. */
        record TooSoon(Instant mayPostAt) implements ManualPost {}

        /** Paused, not startable (live without credentials) or no longer configured. */
        record NotActive() implements ManualPost {}

        /** Not written: an earlier original waits to be delivered, the model failed, or the policy gave no text. */
        record Declined(String reason) implements ManualPost {}
    }

    /**
     * Writes an original post now on an operator's request (DESIGN §4.3, §8): about {@code topic}, or what the persona
     * would post next when null, through {@link Posting#draftNow}, the outbox and its policy, and delivered at once.
     * The too-soon rule holds unless {@code force}; the persona's schedule is left alone. Each call is a new post.
     */
    public ManualPost postNow(PersonaId personaId, @Nullable String topic, boolean force) {
        return asPersona(personaId, () -> {
            Optional<PersonaSpec> persona = findActive(personaId);
            if (persona.isEmpty()) {
                return new ManualPost.NotActive();
            }
            Optional<Instant> tooSoonUntil = force ? Optional.empty() : posting.findTooSoonUntil(persona.get());
            if (tooSoonUntil.isPresent()) {
                return new ManualPost.TooSoon(tooSoonUntil.get());
            }
            if (delivery.findUndeliveredOriginal(personaId).isPresent()) {
                return new ManualPost.Declined("an earlier post is still waiting to be delivered");
            }
            String key = "manual:" + personaId + ":" + UUID.randomUUID();
            return switch (posting.draftNow(persona.get(), topic, key)) {
                case Posting.Extra.Queued(OutboxItem item) ->
                    new ManualPost.Queued(delivery.deliverOriginal(item, networkOf(persona.get())));
                case Posting.Extra.Declined(String reason) -> new ManualPost.Declined(reason);
            };
        });
    }

    /**
     * Delivers an item a human approved (issue 12) at once, through the normal outbox path: an original as the
     * post-due step delivers it, a reply, quote or like as the mention step does. Returns the item as stored
     * afterwards; while the persona is paused, not startable or gone it stays pending for a later step.
     */
    public OutboxItem deliverApproved(OutboxItem approved) {
        return asPersona(approved.personaId(), () -> {
            Optional<PersonaSpec> persona = findActive(approved.personaId());
            if (persona.isEmpty() || approved.status() != OutboxStatus.PENDING) {
                return approved;
            }
            SocialNetwork network = networkOf(persona.get());
            return approved.isOriginal()
                    ? delivery.deliverOriginal(approved, network)
                    : delivery.deliver(approved, network);
        });
    }

    /**
     * Answers every new mention of the persona once, oldest first. The cursor and the handled-input ledger move in
     * the transaction that stores each reply in the outbox.
     */
    public MentionCheck answerMentions(PersonaId personaId) {
        return asPersona(personaId, () -> {
            Optional<PersonaSpec> found = findActive(personaId);
            if (found.isEmpty()) {
                return MentionCheck.STOPPED;
            }
            PersonaSpec persona = found.get();
            SocialNetwork network = networkOf(persona);
            Instant replyDue = delivery.deliverReplies(personaId, network).orElse(null);
            List<Post> mentions;
            String ownId;
            Optional<String> cursor = states.findMentionCursor(personaId);
            try {
                mentions = network.mentions(cursor.orElse(null));
                ownId = network.me().id();
            } catch (ExternalServiceException.Transient e) {
                // the persona's status and the log say so
                return new MentionCheck(0, true, 0, null, replyDue);
            } catch (ExternalServiceException.AuthFailed e) {
                // the persona's status (auth_error) and the log say so
                return new MentionCheck(0, true, 0, null, replyDue);
            } catch (ExternalServiceException.Permanent e) {
                log.warn("{} cannot read its mentions: {}", personaId, e.getMessage());
                return new MentionCheck(0, true, 0, null, replyDue);
            }
            if (cursor.isEmpty()) {
                mentions = skipOlderThanStart(personaId, mentions);
            }
            return answer(persona, network, ownId, mentions, replyDue);
        });
    }

    /**
     * Delivers the persona's waiting replies without reading its mentions (the cast-wide search reads them): the
     * check's {@link MentionCheck#replyDue} says when the next one still waiting is due; {@link MentionCheck#STOPPED}
     * when the persona is paused or gone.
     */
    public MentionCheck deliverReplies(PersonaId personaId) {
        return asPersona(personaId, () -> {
            Optional<PersonaSpec> found = findActive(personaId);
            if (found.isEmpty()) {
                return MentionCheck.STOPPED;
            }
            Instant replyDue =
                    delivery.deliverReplies(personaId, networkOf(found.get())).orElse(null);
            return new MentionCheck(0, true, 0, null, replyDue);
        });
    }

    /**
     * Answers mentions of the persona that the cast-wide search found ({@link CastMentions}), oldest first, exactly as
     * {@link #answerMentions} answers the ones it reads: those not newer than the persona's mention cursor are known
     * already, and the first read of a new persona answers nothing older than its start.
     */
    MentionCheck answerFound(PersonaId personaId, List<Post> found) {
        return asPersona(personaId, () -> {
            Optional<PersonaSpec> active = findActive(personaId);
            if (active.isEmpty()) {
                return MentionCheck.STOPPED;
            }
            PersonaSpec persona = active.get();
            SocialNetwork network = networkOf(persona);
            Instant replyDue = delivery.deliverReplies(personaId, network).orElse(null);
            Optional<String> cursor = states.findMentionCursor(personaId);
            List<Post> mentions = found.stream()
                    .filter(post -> cursor.isEmpty() || isNewer(post.id(), cursor.get()))
                    .toList();
            if (mentions.isEmpty()) {
                return new MentionCheck(0, true, 0, null, replyDue);
            }
            String ownId;
            try {
                ownId = network.me().id();
            } catch (ExternalServiceException e) {
                log.info("{} cannot answer the mentions the cast search found now: {}", personaId, e.getMessage());
                return new MentionCheck(0, true, 0, mentions.getFirst().id(), replyDue);
            }
            if (cursor.isEmpty()) {
                mentions = skipOlderThanStart(personaId, mentions);
            }
            return answer(persona, network, ownId, mentions, replyDue);
        });
    }

    /** Answers the mentions; {@code replyDue}: when the first reply already waiting is due, if one is. */
    private MentionCheck answer(
            PersonaSpec persona, SocialNetwork network, String ownId, List<Post> mentions, @Nullable Instant replyDue) {
        PersonaId personaId = persona.id();
        Instant due = replyDue;
        int replies = 0;
        int seen = 0;
        String postponedBecause = null;
        String postponedFrom = null;
        for (Post mention : mentions) {
            if (mention.authorId().equals(ownId)) {
                continue;
            }
            seen++;
            if (postponedBecause != null) {
                answering.postpone(personaId, mention, postponedBecause);
                continue;
            }
            switch (answering.draftReply(persona, mention, network, ownId)) {
                case MentionAnswering.Queued(OutboxItem item) -> {
                    OutboxItem delivered = delivery.deliver(item, network);
                    if (delivered.status() == OutboxStatus.POSTED) {
                        replies++;
                    }
                    due = Delivery.earlier(due, delivery.retryAtIfWaiting(delivered));
                }
                case MentionAnswering.NotNeeded() -> {}
                case MentionAnswering.Postponed(String reason) -> {
                    postponedBecause = reason;
                    postponedFrom = mention.id();
                }
            }
        }
        reflect(persona);
        return new MentionCheck(replies, true, seen, postponedFrom, due);
    }

    /** Every persona with a reply, quote or like waiting in the outbox, and when its first one is due. */
    Map<PersonaId, Instant> listRepliesDue() {
        return delivery.listRepliesDue();
    }

    /** Whether X id {@code candidate} is newer than {@code current} (longer, or the same length and greater). */
    static boolean isNewer(String candidate, String current) {
        return candidate.length() != current.length()
                ? candidate.length() > current.length()
                : candidate.compareTo(current) > 0;
    }

    /**
     * The periodic reflection job (task {@code memory-reflection}): reflects for the configured personas that have
     * enough new memories, with a decision each — the backstop for memories no step of the persona followed (a step
     * reflects right after itself). A cast of up to {@value #REFLECT_ALL_AT_ONCE} personas is checked whole each run;
     * a larger one in rotating slices, each persona at least every {@value #REFLECT_ALL_RUNS} runs (10,000 personas
     * with the default 1-minute interval: 200 checks a run instead of 10,000, every persona each persona hour).
     */
    public void reflectAll() {
        List<PersonaSpec> personas = catalog.listPersonas();
        int count = personas.size();
        if (count == 0) {
            return;
        }
        int slice = Math.min(count, Math.max(REFLECT_ALL_AT_ONCE, Math.ceilDiv(count, REFLECT_ALL_RUNS)));
        int first = Math.floorMod(reflectAllCursor.getAndAdd(slice), count);
        for (int i = 0; i < slice; i++) {
            reflect(personas.get((first + i) % count));
        }
    }

    /**
     * Reflects for the persona when it has enough new memories (DESIGN §4.6). Never fails the step it follows: a
     * reflection that cannot run now runs after a later step or from the periodic memory job.
     */
    void reflect(PersonaSpec persona) {
        try {
            reflecting.reflectIfDue(persona);
        } catch (RuntimeException e) {
            log.warn("{} could not reflect now: {}", persona.id(), e.getMessage());
        }
    }

    /**
     * The first read of a persona's mentions (no cursor yet) answers nothing from before the persona started: those
     * only move the cursor past them.
     */
    private List<Post> skipOlderThanStart(PersonaId personaId, List<Post> mentions) {
        Instant start = states.require(personaId).createdAt();
        List<Post> newer = new ArrayList<>();
        Post newestOlder = null;
        for (Post mention : mentions) {
            if (mention.createdAt().isBefore(start)) {
                newestOlder = mention;
            } else {
                newer.add(mention);
            }
        }
        if (newestOlder != null) {
            log.info(
                    "{} leaves {} mentions from before its start ({}) unanswered",
                    personaId,
                    mentions.size() - newer.size(),
                    start);
            states.advanceMentionCursor(personaId, newestOlder.id());
        }
        return newer;
    }

    /**
     * One mention check: how many replies went out, whether the persona keeps checking (not paused or gone), how
     * many new mentions by others it read (the polling cadence speeds up while there are some), the first mention
     * left for a later check (the model failed), if any, and when the persona's first reply, quote or like still
     * waiting in the outbox is due ({@link Delivery#retryAt}), if one is.
     */
    public record MentionCheck(
            int replies,
            boolean continues,
            int mentions,
            @Nullable String postponedFrom,
            @Nullable Instant replyDue) {
        public static final MentionCheck STOPPED = new MentionCheck(0, false, 0);

        public MentionCheck(int replies, boolean continues, int mentions) {
            this(replies, continues, mentions, null, null);
        }

        public MentionCheck(int replies, boolean continues, int mentions, @Nullable String postponedFrom) {
            this(replies, continues, mentions, postponedFrom, null);
        }
    }

    SocialNetwork networkOf(PersonaSpec persona) {
        return new MonitoredNetwork(networks.apply(persona), persona.id(), health);
    }

    Optional<PersonaSpec> findActive(PersonaId personaId) {
        return catalog.findPersona(personaId)
                .filter(persona ->
                        states.find(personaId).map(PersonaState::active).orElse(false))
                .filter(this::isStartable);
    }

    /**
     * Why the persona is not started (live without credentials), if it is not: its status says so, and the log once
     * per run.
     */
    public Optional<String> findNotStartedReason(PersonaSpec persona) {
        return unavailable.apply(persona);
    }

    private boolean isStartable(PersonaSpec persona) {
        Optional<String> reason = unavailable.apply(persona);
        if (reason.isEmpty()) {
            return true;
        }
        if (toldUnavailable.add(persona.id())) {
            log.warn("{} is not started live: {}", persona.id(), reason.get());
            if (states.find(persona.id()).isPresent()) {
                states.updateStatus(persona.id(), PersonaState.STATUS_NOT_LIVE, reason.get());
            }
        }
        return false;
    }

    // One entry per persona at a time, on this node and across the cluster (PersonaLocks): a reply being sent must
    // not be reconciled as a leftover by the persona's post task, here or on another node.
    <T> T asPersona(PersonaId personaId, Supplier<T> step) {
        return locks.holding(personaId, () -> {
            String outer = MDC.get("personaId");
            MDC.put("personaId", personaId.value());
            try {
                return step.get();
            } finally {
                if (outer == null) {
                    MDC.remove("personaId");
                } else {
                    MDC.put("personaId", outer);
                }
            }
        });
    }
}
