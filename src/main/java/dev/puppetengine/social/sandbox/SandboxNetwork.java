package dev.puppetengine.social.sandbox;

import com.twitter.twittertext.Extractor;
import dev.puppetengine.llm.PostText;
import dev.puppetengine.persona.PersonaSpec;
import dev.puppetengine.persona.PersonaSpec.OAuth1Credentials;
import dev.puppetengine.persona.Secret;
import dev.puppetengine.social.sandbox.SandboxRejection.Reason;
import dev.puppetengine.social.twitter.SandboxAccounts;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The simulated X network (DESIGN §6.3): its users, posts and mentions, with X's rules for posting (weighted length
 * ≤ 280, no duplicate text from one author within 24 h, replies and quotes only of existing posts). Persona accounts
 * get OAuth 1.0a credentials on first use; humans are created on demand by handle. Every new post is published as
 * {@link SandboxPostCreated}.
 */
public final class SandboxNetwork implements SandboxAccounts {

    private static final Logger log = LoggerFactory.getLogger(SandboxNetwork.class);
    /** X's rule for a handle; persona accounts derive theirs from the persona id and may be longer. */
    static final Pattern HANDLE = Pattern.compile("[A-Za-z0-9_]{1,15}");

    static final String PERSONA_HANDLE_REFUSED =
            "that handle belongs to a persona; personas post only through their own OAuth credentials";
    private static final Duration DUPLICATE_WINDOW = Duration.ofHours(24);
    /** How often a post is tried with a fresh id after another node took the same one. */
    private static final int ID_ATTEMPTS = 3;
    /** Accounts created per transaction by {@link #createMissingAccounts}. */
    static final int ACCOUNTS_PER_TRANSACTION = 500;
    /** X's epoch for snowflake ids (2010-11-04). */
    private static final long SNOWFLAKE_EPOCH_MILLIS = 1_288_834_974_657L;

    private final SandboxStore store;
    private final Supplier<? extends Collection<String>> personaIds;
    private final TransactionTemplate transactions;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final Supplier<Optional<URI>> apiBaseUrl;
    private final SecureRandom random = new SecureRandom();
    private final Extractor extractor = new Extractor();
    private final Object idLock = new Object();
    private long lastId = -1;

    /** {@code personaIds} lists the configured personas' ids, whose handles humans may not take. */
    SandboxNetwork(
            SandboxStore store,
            Supplier<? extends Collection<String>> personaIds,
            TransactionTemplate transactions,
            ApplicationEventPublisher events,
            Clock clock,
            Supplier<Optional<URI>> apiBaseUrl) {
        this.apiBaseUrl = apiBaseUrl;
        this.store = store;
        this.personaIds = personaIds;
        this.transactions = transactions;
        this.events = events;
        this.clock = clock;
    }

    @Override
    public OAuth1Credentials credentialsFor(PersonaSpec persona) {
        SandboxUser.Keys keys =
                personaUser(persona.id().value(), persona.name()).keys();
        if (keys == null) {
            throw new IllegalStateException("sandbox user of persona '" + persona.id() + "' has no credentials");
        }
        return new OAuth1Credentials(
                secret(keys.consumerKey()),
                secret(keys.consumerSecret()),
                secret(keys.accessToken()),
                secret(keys.accessTokenSecret()));
    }

    @Override
    public Optional<URI> apiBaseUrl() {
        return apiBaseUrl.get();
    }

    /**
     * The persona's account, created with fresh credentials the first time (username: id with - as _). Only the
     * creation takes the lock: an existing account (every call after the first) is read without waiting on the
     * thousands of accounts a large cast creates at start.
     */
    SandboxUser personaUser(String personaId, String displayName) {
        Optional<SandboxUser> known = store.findUserByPersona(personaId);
        return known.isPresent() ? known.get() : createPersonaUser(personaId, displayName);
    }

    /**
     * Creates the accounts of the personas ({@code namesByPersonaId}: id to display name) that have none: one read
     * of the existing ones, then one transaction per {@value #ACCOUNTS_PER_TRANSACTION} new accounts (a cast of
     * 10,000 created one commit each took half a minute of start). A chunk that fails (another node created one of them meanwhile, a human holds a persona's handle) is
     * done again one account at a time, which throws as {@link #credentialsFor} does. Returns how many were created.
     */
    synchronized int createMissingAccounts(Map<String, String> namesByPersonaId) {
        Set<String> existing = store.listPersonaIdsWithAccount();
        List<Map.Entry<String, String>> missing = namesByPersonaId.entrySet().stream()
                .filter(persona -> !existing.contains(persona.getKey()))
                .toList();
        for (int from = 0; from < missing.size(); from += ACCOUNTS_PER_TRANSACTION) {
            List<Map.Entry<String, String>> chunk =
                    missing.subList(from, Math.min(missing.size(), from + ACCOUNTS_PER_TRANSACTION));
            try {
                transactions.executeWithoutResult(
                        status -> chunk.forEach(persona -> newPersonaUser(persona.getKey(), persona.getValue())));
            } catch (RuntimeException chunkFailed) {
                resyncIds();
                chunk.forEach(persona -> personaUser(persona.getKey(), persona.getValue()));
            }
        }
        if (!missing.isEmpty()) {
            log.info("sandbox accounts created for {} personas", missing.size());
        }
        return missing.size();
    }

    private synchronized SandboxUser createPersonaUser(String personaId, String displayName) {
        Optional<SandboxUser> known = store.findUserByPersona(personaId);
        if (known.isPresent()) {
            return known.get();
        }
        SandboxUser user = newPersonaUser(personaId, displayName);
        log.info("sandbox account @{} created for persona {}", user.username(), personaId);
        return user;
    }

    /** Creates the persona's account, known to have none; a human holding its handle is an error. */
    private SandboxUser newPersonaUser(String personaId, String displayName) {
        String username = personaHandle(personaId);
        if (store.findUserByUsername(username).isPresent()) {
            throw new IllegalStateException(
                    "sandbox handle @" + username + " of persona '" + personaId + "' is taken by a human user");
        }
        SandboxUser user;
        try {
            user = insertPersonaUser(personaId, username, displayName);
        } catch (DuplicateKeyException createdByAnotherNode) {
            resyncIds();
            Optional<SandboxUser> known = store.findUserByPersona(personaId);
            user = known.isPresent() ? known.get() : insertPersonaUser(personaId, username, displayName);
        }
        return user;
    }

    private SandboxUser insertPersonaUser(String personaId, String username, String displayName) {
        long id = nextId();
        SandboxUser user = new SandboxUser(
                id,
                username,
                displayName.isBlank() ? username : displayName,
                personaId,
                new SandboxUser.Keys(token(12), token(24), id + "-" + token(16), token(24)),
                clock.instant());
        store.insertUser(user);
        return user;
    }

    /**
     * A human's account by handle (with or without @), created on first use. A handle of a configured persona or of
     * an existing persona account is refused ({@link Reason#PERSONA_HANDLE}), whatever its case.
     */
    synchronized SandboxUser humanUser(String handle) {
        String username = handle.startsWith("@") ? handle.substring(1) : handle;
        if (!HANDLE.matcher(username).matches()) {
            throw new SandboxRejection(Reason.INVALID_USERNAME, "a handle is 1 to 15 letters, digits or _");
        }
        String key = SandboxUser.key(username);
        if (personaIds.get().stream()
                .anyMatch(id -> SandboxUser.key(personaHandle(id)).equals(key))) {
            throw new SandboxRejection(Reason.PERSONA_HANDLE, PERSONA_HANDLE_REFUSED);
        }
        Optional<SandboxUser> known = store.findUserByUsername(username);
        if (known.isPresent()) {
            if (known.get().personaId() != null) {
                throw new SandboxRejection(Reason.PERSONA_HANDLE, PERSONA_HANDLE_REFUSED);
            }
            return known.get();
        }
        try {
            return insertHumanUser(username);
        } catch (DuplicateKeyException createdByAnotherNode) {
            resyncIds();
            known = store.findUserByUsername(username);
            return known.isPresent() ? known.get() : insertHumanUser(username);
        }
    }

    private SandboxUser insertHumanUser(String username) {
        SandboxUser user = new SandboxUser(nextId(), username, username, null, null, clock.instant());
        store.insertUser(user);
        return user;
    }

    Optional<SandboxUser> findUser(long id) {
        return store.findUser(id);
    }

    Optional<SandboxUser> findUserByAccessToken(String accessToken) {
        return store.findUserByAccessToken(accessToken);
    }

    Optional<SandboxPost> findPost(long id) {
        return store.findPost(id);
    }

    Optional<SandboxUser> findUserByConsumerKey(String consumerKey) {
        return store.findUserByConsumerKey(consumerKey);
    }

    Optional<SandboxUser> findUserByUsername(String username) {
        return store.findUserByUsername(username);
    }

    /** Posts as {@code author}; throws {@link SandboxRejection} where X would refuse. */
    SandboxPost post(SandboxUser author, String text, @Nullable Long replyTo, @Nullable Long quoteOf) {
        if (!PostText.isValidPost(text)) {
            throw new SandboxRejection(
                    Reason.INVALID_TEXT,
                    "text must be 1 to 280 weighted characters, was " + PostText.weightedLength(text));
        }
        SandboxPost post = null;
        for (int attempt = 1; post == null; attempt++) {
            try {
                post = transactions.execute(status -> insert(author, text, replyTo, quoteOf));
            } catch (DuplicateKeyException sameIdOnAnotherNode) {
                // Two nodes sharing the sandbox through the database took the same id in one millisecond.
                if (attempt == ID_ATTEMPTS) {
                    throw sameIdOnAnotherNode;
                }
                resyncIds();
            }
        }
        if (post == null) {
            throw new IllegalStateException("post transaction returned nothing");
        }
        log.info("sandbox post {} by @{}", post.id(), author.username());
        events.publishEvent(new SandboxPostCreated(post));
        return post;
    }

    private SandboxPost insert(SandboxUser author, String text, @Nullable Long replyTo, @Nullable Long quoteOf) {
        Instant now = clock.instant();
        if (store.hasRecentText(author.id(), text, now.minus(DUPLICATE_WINDOW))) {
            throw new SandboxRejection(
                    Reason.DUPLICATE_CONTENT, "You are not allowed to create a Tweet with duplicate content.");
        }
        SandboxPost parent = null;
        if (replyTo != null) {
            parent = store.findPost(replyTo)
                    .orElseThrow(() -> new SandboxRejection(
                            Reason.REPLY_TARGET_MISSING,
                            "You attempted to reply to a Tweet that is deleted or not visible to you."));
        }
        if (quoteOf != null && store.findPost(quoteOf).isEmpty()) {
            throw new SandboxRejection(
                    Reason.QUOTE_TARGET_MISSING,
                    "You attempted to quote a Tweet that is deleted or not visible to you.");
        }
        Stamp stamp = nextStamp();
        long id = stamp.id();
        Set<String> mentioned = new LinkedHashSet<>();
        for (String handle : extractor.extractMentionedScreennames(text)) {
            mentioned.add(SandboxUser.key(handle));
        }
        if (parent != null) {
            mentioned.add(SandboxUser.key(parent.author()));
        }
        mentioned.remove(SandboxUser.key(author.username()));
        SandboxPost post = new SandboxPost(
                Long.toString(id),
                Long.toString(author.id()),
                author.username(),
                author.personaId(),
                text,
                parent == null ? Long.toString(id) : parent.conversationId(),
                parent == null ? null : parent.id(),
                parent == null ? null : parent.authorId(),
                quoteOf == null ? null : Long.toString(quoteOf),
                stamp.at());
        store.insertPost(post, mentioned);
        return post;
    }

    /** Deletes one of {@code author}'s posts. */
    void delete(SandboxUser author, long postId) {
        SandboxPost post = store.findPost(postId)
                .orElseThrow(() ->
                        new SandboxRejection(Reason.NOT_FOUND, "Could not find tweet with id: [" + postId + "]."));
        if (!post.authorId().equals(Long.toString(author.id()))) {
            throw new SandboxRejection(Reason.NOT_OWNER, "You are not allowed to delete this Tweet.");
        }
        store.markDeleted(postId);
    }

    void like(SandboxUser user, long postId) {
        if (store.findPost(postId).isEmpty()) {
            throw new SandboxRejection(Reason.NOT_FOUND, "Could not find tweet with id: [" + postId + "].");
        }
        store.like(user.id(), postId, clock.instant());
    }

    void unlike(SandboxUser user, long postId) {
        store.unlike(user.id(), postId);
    }

    List<SandboxPost> mentions(SandboxUser user, SandboxStore.Bounds bounds) {
        return store.mentions(SandboxUser.key(user.username()), bounds);
    }

    List<SandboxPost> postsBy(long authorId, boolean excludeReplies, SandboxStore.Bounds bounds) {
        return store.byAuthor(authorId, excludeReplies, bounds);
    }

    List<SandboxPost> search(SandboxSearch.Term query, SandboxStore.Bounds bounds) {
        return store.search(query, bounds);
    }

    /** The public timeline, newest first. */
    public List<SandboxPost> timeline(@Nullable Long sinceId, int limit) {
        return store.timeline(sinceId, limit);
    }

    /** Posts as a human (the dashboard's composer): the author is created on demand. */
    public SandboxPost postAsHuman(String handle, String text, @Nullable Long inReplyTo) {
        SandboxUser author = humanUser(handle);
        return post(author, text, inReplyTo, null);
    }

    /** The sandbox handle of a persona: its id with - as _. */
    static String personaHandle(String personaId) {
        return personaId.replace('-', '_');
    }

    /** Snowflake-like: milliseconds since X's epoch in the high bits; strictly increasing, also across restarts. */
    private long nextId() {
        return nextStamp().id();
    }

    /** A post's id and creation time, taken together so that a later id never has an earlier time. */
    private record Stamp(long id, Instant at) {}

    /** Continues after the largest id in the database (another node's, in a cluster). */
    private void resyncIds() {
        synchronized (idLock) {
            lastId = Math.max(lastId, store.maxId());
        }
    }

    private Stamp nextStamp() {
        synchronized (idLock) {
            if (lastId < 0) {
                lastId = store.maxId();
            }
            Instant at = clock.instant();
            long candidate = (at.toEpochMilli() - SNOWFLAKE_EPOCH_MILLIS) << 22;
            lastId = Math.max(lastId + 1, candidate);
            return new Stamp(lastId, at);
        }
    }

    private String token(int bytes) {
        byte[] value = new byte[bytes];
        random.nextBytes(value);
        return HexFormat.of().formatHex(value);
    }

    private static Secret secret(String value) {
        return new Secret(value, value);
    }
}
