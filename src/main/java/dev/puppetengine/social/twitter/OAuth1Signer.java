package dev.puppetengine.social.twitter;

import com.github.scribejava.core.builder.ServiceBuilder;
import com.github.scribejava.core.builder.api.DefaultApi10a;
import com.github.scribejava.core.model.OAuth1AccessToken;
import com.github.scribejava.core.model.OAuthRequest;
import com.github.scribejava.core.model.Verb;
import com.github.scribejava.core.oauth.OAuth10aService;
import com.github.scribejava.core.services.TimestampService;
import dev.puppetengine.persona.PersonaSpec.OAuth1Credentials;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import org.jspecify.annotations.Nullable;

/**
 * Signs X API requests with OAuth 1.0a user context (HMAC-SHA1, header form) through scribejava. The query string is
 * part of the signature; a JSON body is not (RFC 5849 §3.4.1.3). Holds the credentials; never prints them.
 */
public final class OAuth1Signer {

    private final OAuth10aService service;
    private final OAuth1AccessToken token;

    /** Stamps requests with the system time. */
    public OAuth1Signer(OAuth1Credentials credentials) {
        this(credentials, XOAuthApi.INSTANCE);
    }

    /**
     * Stamps {@code oauth_timestamp} with {@code clock}: the engine's clock, which the sandbox checks timestamps
     * against (±5 minutes), also when {@code --speed} or a test moves it.
     */
    public OAuth1Signer(OAuth1Credentials credentials, Clock clock) {
        this(credentials, new XOAuthApi(clock));
    }

    private OAuth1Signer(OAuth1Credentials credentials, XOAuthApi api) {
        this.service = new ServiceBuilder(credentials.apiKey().value())
                .apiSecret(credentials.apiKeySecret().value())
                .build(api);
        this.token = new OAuth1AccessToken(
                credentials.accessToken().value(),
                credentials.accessTokenSecret().value());
    }

    /** The {@code Authorization} header value for a request to {@code uri}. */
    public String authorization(String method, URI uri) {
        OAuthRequest request = new OAuthRequest(Verb.valueOf(method), uri.toString());
        service.signRequest(token, request);
        return java.util.Objects.requireNonNull(
                request.getHeaders().get("Authorization"), "scribejava signed no header");
    }

    @Override
    public String toString() {
        return "OAuth1Signer[redacted]";
    }

    /** X's OAuth 1.0a endpoints; only the signing part of scribejava is used (no token dance here). */
    public static final class XOAuthApi extends DefaultApi10a {
        public static final XOAuthApi INSTANCE = new XOAuthApi(null);

        private final @Nullable TimestampService timestamps;

        private XOAuthApi(@Nullable Clock clock) {
            this.timestamps = clock == null ? null : new ClockTimestamps(clock);
        }

        @Override
        public TimestampService getTimestampService() {
            return timestamps != null ? timestamps : super.getTimestampService();
        }

        @Override
        public String getRequestTokenEndpoint() {
            return "https://api.x.com/oauth/request_token";
        }

        @Override
        public String getAccessTokenEndpoint() {
            return "https://api.x.com/oauth/access_token";
        }

        @Override
        protected String getAuthorizationBaseUrl() {
            return "https://api.x.com/oauth/authorize";
        }
    }

    /** OAuth 1.0a timestamps from a clock; nonces random, 32 letters and digits as most X clients send. */
    private static final class ClockTimestamps implements TimestampService {
        private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
        private final Clock clock;
        private final SecureRandom random = new SecureRandom();

        ClockTimestamps(Clock clock) {
            this.clock = clock;
        }

        @Override
        public String getTimestampInSeconds() {
            return Long.toString(clock.instant().getEpochSecond());
        }

        @Override
        public String getNonce() {
            StringBuilder nonce = new StringBuilder(32);
            for (int i = 0; i < 32; i++) {
                nonce.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
            }
            return nonce.toString();
        }
    }
}
