package dev.puppetengine.social.twitter;

import dev.puppetengine.persona.PersonaId;
import dev.puppetengine.persona.PersonaSpec;
import dev.puppetengine.persona.PersonaSpec.OAuth1Credentials;
import dev.puppetengine.persona.PersonaSpec.OAuth2Credentials;
import dev.puppetengine.shared.ExternalServiceException;
import dev.puppetengine.social.Account;
import dev.puppetengine.social.Post;
import dev.puppetengine.social.SocialNetwork;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

/**
 * Hands each persona its {@link SocialNetwork}: a {@link TwitterApiV2Client} pointed at the sandbox network (with the
 * persona's generated sandbox credentials) in sandbox mode, or at the X API with its {@code twitter_credentials} in
 * live mode. One client per persona, kept, so its rate-limit tracking lasts.
 */
public final class SocialNetworks {

    private static final int CARRIED_POSTS = 4_096;

    /** Which network the engine talks to. */
    public enum Mode {
        SANDBOX,
        LIVE
    }

    private final Mode mode;
    private final Supplier<URI> sandboxBaseUrl;
    private final SandboxAccounts sandboxAccounts;
    private final TwitterProperties properties;
    private final XCredentialsResolver credentials;
    private final Supplier<XOAuth2AccessTokens> userTokens;
    private final HttpClient http;
    private final JsonMapper json;
    private final Clock clock;
    private final XUsageRecorder usage;
    private final MeterRegistry meters;
    private final Map<PersonaId, TwitterApiV2Client> clients = new ConcurrentHashMap<>();
    private final Map<PersonaId, TwitterApiV2Client> castClients = new ConcurrentHashMap<>();
    /** Shared by every client: a post one client read (the cast search) is known to the persona answering it. */
    private final CarriedPosts carried = new CarriedPosts(CARRIED_POSTS);

    public SocialNetworks(
            Mode mode,
            Supplier<URI> sandboxBaseUrl,
            SandboxAccounts sandboxAccounts,
            TwitterProperties properties,
            XCredentialsResolver credentials,
            HttpClient http,
            JsonMapper json,
            Clock clock,
            XUsageRecorder usage,
            MeterRegistry meters) {
        this(mode, sandboxBaseUrl, sandboxAccounts, properties, credentials, http, json, clock, usage, meters, () -> {
            throw new IllegalStateException("OAuth 2.0 user tokens are not set up in this engine");
        });
    }

    /** @param userTokens the OAuth 2.0 tokens that {@code x-login} stored, asked for only when a persona uses them */
    public SocialNetworks(
            Mode mode,
            Supplier<URI> sandboxBaseUrl,
            SandboxAccounts sandboxAccounts,
            TwitterProperties properties,
            XCredentialsResolver credentials,
            HttpClient http,
            JsonMapper json,
            Clock clock,
            XUsageRecorder usage,
            MeterRegistry meters,
            Supplier<XOAuth2AccessTokens> userTokens) {
        this.userTokens = userTokens;
        this.mode = mode;
        this.meters = meters;
        this.sandboxBaseUrl = sandboxBaseUrl;
        this.sandboxAccounts = sandboxAccounts;
        this.properties = properties;
        this.credentials = credentials;
        this.http = http;
        this.json = json;
        this.clock = clock;
        this.usage = usage;
    }

    public Mode mode() {
        return mode;
    }

    /**
     * The persona's network. Live mode needs credentials ({@link XCredentialsResolver}: the persona file's, else the
     * default account): without them every call fails with {@link ExternalServiceException.AuthFailed} giving the
     * reason, and nothing is sent ({@link #findUnavailableReason} says so beforehand).
     */
    public SocialNetwork forPersona(PersonaSpec persona) {
        Optional<String> unavailable = findUnavailableReason(persona);
        if (unavailable.isPresent()) {
            return new Unavailable(unavailable.get());
        }
        return clients.computeIfAbsent(persona.id(), id -> create(persona, usage));
    }

    /** A persona's network that cannot be used: every call fails for {@code reason}. */
    private record Unavailable(String reason) implements SocialNetwork {

        private ExternalServiceException.AuthFailed failure() {
            return new ExternalServiceException.AuthFailed(TwitterErrorMapper.SERVICE, reason, null);
        }

        @Override
        public Account me() {
            throw failure();
        }

        @Override
        public Post post(String text, @Nullable String replyToId, @Nullable String quoteOfId) {
            throw failure();
        }

        @Override
        public void delete(String postId) {
            throw failure();
        }

        @Override
        public void like(String postId) {
            throw failure();
        }

        @Override
        public List<Post> mentions(@Nullable String sinceId) {
            throw failure();
        }

        @Override
        public List<Found> search(String query, @Nullable String sinceId) {
            throw failure();
        }

        @Override
        public Optional<Post> find(String postId) {
            throw failure();
        }

        @Override
        public List<Post> conversation(String conversationId) {
            throw failure();
        }

        @Override
        public List<Post> recentPosts(String userId) {
            throw failure();
        }
    }

    /**
     * The network the cast-wide mentions search runs on: the account of {@code first} (the first persona the search
     * covers, by id) — its own credentials, else the default account, as {@link #forPersona} resolves them — in a
     * client of its own whose requests count on the {@code XUsage.CAST} line, not on the persona's. Kept per persona.
     */
    public SocialNetwork forCastSearch(PersonaSpec first) {
        Optional<String> unavailable = findUnavailableReason(first);
        if (unavailable.isPresent()) {
            return new Unavailable(unavailable.get());
        }
        return castClients.computeIfAbsent(
                first.id(), id -> create(first, (persona, endpoint) -> usage.recordCastRequest(endpoint)));
    }

    /** The persona's client, if it has been created (its rate limits are known). */
    public Optional<TwitterApiV2Client> findClient(PersonaId personaId) {
        return Optional.ofNullable(clients.get(personaId));
    }

    /** Why the persona cannot act on the network in this mode (live without credentials), if it cannot. */
    public Optional<String> findUnavailableReason(PersonaSpec persona) {
        if (mode == Mode.SANDBOX) {
            return Optional.empty();
        }
        return switch (credentials.resolve(persona)) {
            case XCredentialsResolver.Resolved ignored -> Optional.empty();
            case XCredentialsResolver.UserToken ignored -> Optional.empty();
            case XCredentialsResolver.Missing(String reason) -> Optional.of(reason);
        };
    }

    private TwitterApiV2Client create(PersonaSpec persona, XUsageRecorder counter) {
        return switch (mode) {
            case SANDBOX ->
                client(persona.id(), sandboxBaseUrl.get(), sandboxAccounts.credentialsFor(persona), counter);
            case LIVE -> live(persona, counter);
        };
    }

    private TwitterApiV2Client client(
            PersonaId id, URI baseUrl, OAuth1Credentials credentials, XUsageRecorder counter) {
        return new TwitterApiV2Client(
                id,
                baseUrl,
                new OAuth1Signer(credentials, clock)::authorization,
                http,
                json,
                clock,
                counter,
                meters,
                properties.timeout(),
                carried);
    }

    private TwitterApiV2Client live(PersonaSpec persona, XUsageRecorder counter) {
        return switch (credentials.resolve(persona)) {
            case XCredentialsResolver.Resolved(OAuth1Credentials resolved, XCredentialsResolver.Source ignored) ->
                client(persona.id(), properties.baseUrl(), resolved, counter);
            case XCredentialsResolver.UserToken token -> {
                XOAuth2AccessTokens tokens = userTokens.get();
                OAuth2Credentials seed = token.seed();
                if (seed != null) {
                    tokens.seed(
                            persona.id(), seed.clientId(), seed.refreshToken().value());
                }
                yield new TwitterApiV2Client(
                        persona.id(),
                        properties.baseUrl(),
                        XAuthorization.bearer(tokens, persona.id()),
                        http,
                        json,
                        clock,
                        counter,
                        meters,
                        properties.timeout(),
                        carried);
            }
            case XCredentialsResolver.Missing(String reason) -> throw new IllegalStateException(reason);
        };
    }
}
