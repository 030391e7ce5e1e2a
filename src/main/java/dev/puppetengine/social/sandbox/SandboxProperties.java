package dev.puppetengine.social.sandbox;

import dev.puppetengine.social.twitter.XEndpoint;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The sandbox network ({@code puppet.sandbox.*}). {@code rate-limits.<endpoint>.requests} and {@code .window} set the
 * per-user limit of an endpoint (keys as {@link XEndpoint#key()}: create-post, mentions, ...); unset ones keep X's
 * defaults (e.g. mentions 75 per 15 min, create-post 100 per 15 min).
 */
@ConfigurationProperties("puppet.sandbox")
public record SandboxProperties(@Nullable Map<String, Limit> rateLimits) {

    public SandboxProperties {
        rateLimits = rateLimits == null ? Map.of() : Map.copyOf(rateLimits);
        for (String key : rateLimits.keySet()) {
            if (Arrays.stream(XEndpoint.values()).noneMatch(e -> e.key().equals(key))) {
                throw new IllegalArgumentException("puppet.sandbox.rate-limits." + key
                        + ": unknown endpoint, use one of "
                        + Arrays.stream(XEndpoint.values()).map(XEndpoint::key).collect(Collectors.joining(", ")));
            }
        }
    }

    /** One endpoint's limit: requests per window. Either may be left out to keep X's default. */
    public record Limit(
            @Nullable Integer requests, @Nullable Duration window) {
        public Limit {
            if (requests != null && requests < 0) {
                throw new IllegalArgumentException("a rate limit's requests must be >= 0");
            }
            if (window != null && (window.isNegative() || window.isZero())) {
                throw new IllegalArgumentException("a rate limit's window must be positive");
            }
        }
    }

    /** The effective limit of an endpoint. */
    Resolved limitOf(XEndpoint endpoint) {
        Limit configured = rateLimits == null ? null : rateLimits.get(endpoint.key());
        Integer requests = configured == null ? null : configured.requests();
        Duration window = configured == null ? null : configured.window();
        return new Resolved(
                requests != null ? requests : endpoint.defaultLimit(),
                window != null ? window : endpoint.defaultWindow());
    }

    record Resolved(int requests, Duration window) {}
}
