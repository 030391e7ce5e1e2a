package dev.puppetengine.social.sandbox;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A sandbox account: a persona's (with generated OAuth 1.0a credentials) or a human's created from the dashboard (no
 * credentials: humans post through the operator API). Never serialised: it holds secrets.
 */
record SandboxUser(
        long id,
        String username,
        String name,
        @Nullable String personaId,
        @Nullable Keys keys,
        Instant createdAt) {

    /** OAuth 1.0a consumer key/secret and access token/secret. */
    record Keys(String consumerKey, String consumerSecret, String accessToken, String accessTokenSecret) {
        @Override
        public String toString() {
            return "Keys[redacted]";
        }
    }

    static String key(String username) {
        return username.toLowerCase(java.util.Locale.ROOT);
    }
}
