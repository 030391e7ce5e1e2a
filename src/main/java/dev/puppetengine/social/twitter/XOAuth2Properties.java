package dev.puppetengine.social.twitter;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * OAuth 2.0 user context for X ({@code puppet.x.oauth2.*}, docs/x-login.md): the app's client id
 * ({@code PUPPET_X_OAUTH2_CLIENTID}) and, for a confidential client, its secret ({@code PUPPET_X_OAUTH2_CLIENTSECRET},
 * sent as HTTP Basic auth to the token endpoint); where {@code ./puppet x-login} sends the browser; the scopes it asks
 * for; how long before expiry an access token is refreshed; and the token encryption key ({@code PUPPET_TOKEN_KEY},
 * base64 of 32 bytes; empty: the key file {@code DATA_DIR/token-key}). The token endpoint is
 * {@code puppet.x.base-url} + {@code /2/oauth2/token}. {@link #toString()} redacts the secret and the key.
 */
@Validated
@ConfigurationProperties("puppet.x.oauth2")
public record XOAuth2Properties(
        @DefaultValue("") String clientId,
        @DefaultValue("") String clientSecret,
        @DefaultValue("https://x.com/i/oauth2/authorize") URI authorizeUrl,
        @DefaultValue(DEFAULT_SCOPES) String scopes,
        @DefaultValue("5m") Duration refreshMargin,
        @DefaultValue("5m") Duration loginTimeout,
        @DefaultValue("") String tokenKey) {

    /** What {@code x-login} asks for: read and write posts, read users, like, and a refresh token. */
    public static final String DEFAULT_SCOPES = "tweet.read tweet.write users.read like.write offline.access";

    public XOAuth2Properties {
        Objects.requireNonNull(authorizeUrl, "puppet.x.oauth2.authorize-url");
        clientId = clientId.strip();
        clientSecret = clientSecret.strip();
        scopes = scopes.strip().replaceAll("\\s+", " ");
        if (scopes.isEmpty()) {
            throw new IllegalArgumentException("puppet.x.oauth2.scopes must name at least one scope");
        }
        if (refreshMargin.isNegative()) {
            throw new IllegalArgumentException("puppet.x.oauth2.refresh-margin must not be negative: " + refreshMargin);
        }
        if (loginTimeout.isNegative() || loginTimeout.isZero()) {
            throw new IllegalArgumentException("puppet.x.oauth2.login-timeout must be positive: " + loginTimeout);
        }
    }

    /** Properties with every default (tests, and code that runs without Spring). */
    public static XOAuth2Properties defaults(String clientId, String clientSecret) {
        return new XOAuth2Properties(
                clientId,
                clientSecret,
                URI.create("https://x.com/i/oauth2/authorize"),
                DEFAULT_SCOPES,
                Duration.ofMinutes(5),
                Duration.ofMinutes(5),
                "");
    }

    public boolean confidential() {
        return !clientSecret.isEmpty();
    }

    @Override
    public String toString() {
        return "XOAuth2Properties[clientId=" + clientId + ", clientSecret=" + (confidential() ? "[redacted]" : "")
                + ", authorizeUrl=" + authorizeUrl + ", scopes=" + scopes + ", refreshMargin=" + refreshMargin
                + ", loginTimeout=" + loginTimeout + ", tokenKey=" + (tokenKey.isEmpty() ? "" : "[redacted]") + "]";
    }
}
