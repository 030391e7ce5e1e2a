package dev.puppetengine.social.twitter;

import dev.puppetengine.persona.PersonaId;
import dev.puppetengine.shared.ExternalServiceException;
import dev.puppetengine.shared.ExternalServiceException.AuthFailed;
import dev.puppetengine.social.twitter.JdbcXOAuth2TokenStore.Stored;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A persona's OAuth 2.0 access token for the X API, refreshed {@code refreshMargin} (default 5 min) before it expires.
 *
 * <p>Why a refresh is stored in two steps. X rotates refresh tokens: the call that returns the new pair retires the
 * old refresh token, and the call cannot be repeated. The new pair therefore exists only in this process's memory
 * until it is written, and losing it loses the account (only a new {@code x-login} helps). So the answer is written
 * first, as the row's <em>pending</em> pair, in one auto-committed statement that takes no lock anyone holds for long
 * and does nothing else ({@link JdbcXOAuth2TokenStore#storePending}); only then is it promoted to the active pair
 * ({@link JdbcXOAuth2TokenStore#promotePending}, rotation + 1) and handed out. Whoever reads the row later — this
 * process, or the next one after a crash at any point from that first commit on — finds the pending pair, promotes it
 * first and goes on from there, so the refresh that follows presents the newest refresh token, which X still honours.
 * Both writes are compare-and-set on {@code rotation}: an {@code x-login} that replaced the pair meanwhile wins. What
 * no design can close is the time between X's answer reaching this process and that first commit (parsing the JSON
 * and one INSERT-sized UPDATE, well under a millisecond of work on a local database); a crash exactly there makes X
 * refuse the old refresh token on the next refresh, which fails with {@link AuthFailed} telling the operator to run
 * {@code ./puppet x-login PERSONA} — never a silent loop. {@code XOAuth2RotationKillIT} halts a real process after the
 * first commit and shows the restarted one refreshing with the rotated token.
 *
 * <p>At most one refresh per persona is in flight: callers for the same persona wait on its lock and then find the
 * fresh pair. Across the nodes of a cluster the refresher first claims the persona's row in the database
 * ({@link JdbcXOAuth2TokenStore#claimRefresh}, {@link #CLAIM_HOLD}); another node waits for the claim to end (at most
 * {@link #CLAIM_HOLD}, a killed node's claim lapses) and then finds the fresh pair, so one rotating refresh token is
 * never presented twice. Thread-safe.
 */
public final class XOAuth2AccessTokens {

    private static final Logger log = LoggerFactory.getLogger(XOAuth2AccessTokens.class);

    /** Test hook: told when a refreshed pair has been committed as pending and is not yet promoted. */
    interface RotationObserver {
        RotationObserver NONE = persona -> {};

        void storedPending(PersonaId persona);
    }

    /** How long a refresh claim lasts (database time) and how long another node waits for it. */
    static final Duration CLAIM_HOLD = Duration.ofSeconds(30);

    private static final Duration CLAIM_PAUSE = Duration.ofMillis(200);

    /** The access token of a seeded pair: expired at the epoch, so it is refreshed before any use. */
    private static final String UNUSABLE = "unusable-seed";

    private final JdbcXOAuth2TokenStore store;
    private final Function<String, XOAuth2TokenEndpoint> endpoints;
    private final Clock clock;
    private final Duration refreshMargin;
    private final RotationObserver observer;
    private final Map<PersonaId, ReentrantLock> locks = new ConcurrentHashMap<>();
    /** This instance (one per process) as the holder of refresh claims. */
    private final String claimant = "tokens-" + UUID.randomUUID();

    /** @param endpoints the token endpoint for a client id (the one the pair was issued to) */
    public XOAuth2AccessTokens(
            JdbcXOAuth2TokenStore store,
            Function<String, XOAuth2TokenEndpoint> endpoints,
            Clock clock,
            Duration refreshMargin) {
        this(store, endpoints, clock, refreshMargin, RotationObserver.NONE);
    }

    XOAuth2AccessTokens(
            JdbcXOAuth2TokenStore store,
            Function<String, XOAuth2TokenEndpoint> endpoints,
            Clock clock,
            Duration refreshMargin,
            RotationObserver observer) {
        this.store = store;
        this.endpoints = endpoints;
        this.clock = clock;
        this.refreshMargin = refreshMargin;
        this.observer = observer;
    }

    /** True when {@code x-login} stored a pair for the persona. */
    public boolean hasToken(PersonaId persona) {
        return store.find(persona).isPresent();
    }

    /**
     * A bearer access token valid for at least the refresh margin, refreshing (and storing the rotated pair) first
     * when needed. Throws {@link AuthFailed} when the persona has no stored pair or X refuses its refresh token, and
     * the token endpoint's transient failures as they are.
     */
    public String accessToken(PersonaId persona) {
        Optional<Stored> known = store.find(persona);
        if (known.isPresent()
                && known.get().pending() == null
                && !known.get().active().expiresWithin(refreshMargin, clock.instant())) {
            return known.get().active().accessToken();
        }
        ReentrantLock lock = locks.computeIfAbsent(persona, id -> new ReentrantLock());
        lock.lock();
        try {
            if (lock.getHoldCount() > 1) {
                return refreshedUnderLock(persona);
            }
            Optional<String> refreshedElsewhere = claim(persona);
            if (refreshedElsewhere.isPresent()) {
                return refreshedElsewhere.get();
            }
            try {
                return refreshedUnderLock(persona);
            } finally {
                store.releaseRefresh(persona, claimant);
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until this process holds the persona's refresh claim (then empty) or another node's refresh left a fresh
     * pair (then its access token). Gives up after {@link #CLAIM_HOLD} with a transient failure: the step that needed
     * the token runs again later.
     */
    private Optional<String> claim(PersonaId persona) {
        long giveUp = System.nanoTime() + CLAIM_HOLD.toNanos(); // real time, as the claim's (the database's)
        while (!store.claimRefresh(persona, claimant, CLAIM_HOLD)) {
            Optional<Stored> now = store.find(persona);
            if (now.isEmpty()) {
                return Optional.empty();
            }
            if (now.get().pending() == null && !now.get().active().expiresWithin(refreshMargin, clock.instant())) {
                return Optional.of(now.get().active().accessToken());
            }
            if (System.nanoTime() - giveUp > 0) {
                throw new ExternalServiceException.Unavailable(
                        XOAuth2TokenEndpoint.SERVICE,
                        "the OAuth 2.0 token of persona '" + persona + "' is being refreshed by another node",
                        null);
            }
            LockSupport.parkNanos(CLAIM_PAUSE.toNanos());
        }
        return Optional.empty();
    }

    /**
     * A persona file's OAuth 2.0 {@code twitter_credentials} (client id and refresh token): stored as an expired pair
     * when nothing is stored for the persona yet, so the first request refreshes with it. Once stored, the rotated
     * tokens in the database win over the file (whose refresh token X has retired by then).
     */
    public void seed(PersonaId persona, String clientId, String refreshToken) {
        ReentrantLock lock = locks.computeIfAbsent(persona, id -> new ReentrantLock());
        lock.lock();
        try {
            if (store.find(persona).isEmpty()) {
                store.save(persona, clientId, new XOAuth2Token(UNUSABLE, refreshToken, Instant.EPOCH, ""));
            }
        } finally {
            lock.unlock();
        }
    }

    /** Promotes every pending pair left by a crash (at start); returns how many there were. */
    public int promoteLeftovers() {
        int promoted = 0;
        for (PersonaId persona : store.listPersonas()) {
            Optional<Stored> stored = store.find(persona);
            if (stored.isPresent() && stored.get().pending() != null && promote(stored.get())) {
                promoted++;
            }
        }
        return promoted;
    }

    private String refreshedUnderLock(PersonaId persona) {
        Stored stored = require(persona);
        if (stored.pending() != null) {
            promote(stored);
            stored = require(persona);
        }
        if (!stored.active().expiresWithin(refreshMargin, clock.instant())) {
            return stored.active().accessToken();
        }
        @Nullable String refreshToken = stored.active().refreshToken();
        if (refreshToken == null) {
            throw new AuthFailed(
                    XOAuth2TokenEndpoint.SERVICE,
                    "the OAuth 2.0 token of persona '" + persona + "' expired and has no refresh token (offline.access"
                            + " was not granted): run ./puppet x-login " + persona,
                    null);
        }
        XOAuth2Token refreshed = endpoints.apply(stored.clientId()).refresh(refreshToken);
        if (!store.storePending(persona, stored.rotation(), refreshed)) {
            // a login replaced the pair while the call ran; what it stored is newer than this answer
            log.warn("persona {}: the OAuth 2.0 pair changed during a refresh; using the stored one", persona);
            return accessToken(persona);
        }
        observer.storedPending(persona);
        promote(require(persona));
        log.info("persona {}: refreshed the X OAuth 2.0 access token (valid until {})", persona, refreshed.expiresAt());
        return refreshed.accessToken();
    }

    private boolean promote(Stored stored) {
        boolean promoted = store.promotePending(stored.personaId(), stored.rotation());
        if (promoted) {
            log.info("persona {}: stored the rotated X OAuth 2.0 pair", stored.personaId());
        }
        return promoted;
    }

    private Stored require(PersonaId persona) {
        return store.find(persona)
                .orElseThrow(() -> new AuthFailed(
                        XOAuth2TokenEndpoint.SERVICE,
                        "persona '" + persona + "' has no OAuth 2.0 token: run ./puppet x-login " + persona,
                        null));
    }

    @Override
    public String toString() {
        return "XOAuth2AccessTokens[refreshMargin=" + refreshMargin + "]";
    }
}
