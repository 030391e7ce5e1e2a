package dev.puppetengine.social.twitter;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An OAuth 2.0 user-context token pair from X's token endpoint: the bearer {@code accessToken} valid until
 * {@code expiresAt}, the {@code refreshToken} (present when {@code offline.access} was granted; X retires it when it
 * is used) and the granted {@code scope}. {@link #toString()} never shows the tokens.
 */
public record XOAuth2Token(String accessToken, @Nullable String refreshToken, Instant expiresAt, String scope) {

    public XOAuth2Token {
        Objects.requireNonNull(accessToken, "accessToken");
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(scope, "scope");
        if (accessToken.isBlank()) {
            throw new IllegalArgumentException("an access token is not blank");
        }
    }

    /** True when the access token is expired at {@code now}, or expires within {@code margin} of it. */
    public boolean expiresWithin(Duration margin, Instant now) {
        return !now.plus(margin).isBefore(expiresAt);
    }

    @Override
    public String toString() {
        return "XOAuth2Token[expiresAt=" + expiresAt + ", scope=" + scope + ", refreshable=" + (refreshToken != null)
                + ", tokens redacted]";
    }
}
