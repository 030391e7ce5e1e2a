package dev.puppetengine.social.sandbox;

import dev.puppetengine.social.twitter.XEndpoint;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The sandbox network ({@code puppet.sandbox.*}). {@code rate-limits.<endpoint>.requests} and {@code .window} set the
 * per-user limit of an endpoint (keys as {@link XEndpoint#key()}: create-post, mentions, ...); unset ones keep X's
 * defaults (e.g. mentions 75 per 15 min, create-post 100 per 15 min). Keys match without case, {@code -} or
 * {@code _}, so {@code PUPPET_SANDBOX_RATELIMITS_CREATEPOST_REQUESTS} (which Spring binds as the key
 * {@code createpost}) sets create-post; when two spellings of one endpoint are bound, each field takes the value
 * that is set, and two different values are an error. {@code port} is the sandbox X API's own port (unset: the
 * server's + 1; 0: any free port). {@code daily-limits} are X's 24-hour caps on writes (create-post, delete-post,
 * like, unlike), per user and per app, sent as {@code x-user-limit-24hour-*} and {@code x-app-limit-24hour-*}.
 */
@Validated
@ConfigurationProperties("puppet.sandbox")
public record SandboxProperties(
        @DefaultValue Map<String, Limit> rateLimits,
        @Nullable Integer port,
        @DefaultValue DailyLimits dailyLimits) {

    public SandboxProperties {
        if (port != null && (port < 0 || port > 65535)) {
            throw new IllegalArgumentException(
                    "puppet.sandbox.port must be in 0..65535 (0 = any free port), was " + port);
        }
        Map<XEndpoint, Limit> byEndpoint = new EnumMap<>(XEndpoint.class);
        Map<XEndpoint, String> spelling = new EnumMap<>(XEndpoint.class);
        for (var entry : rateLimits.entrySet()) {
            String key = entry.getKey();
            XEndpoint endpoint = endpointOf(key)
                    .orElseThrow(() -> new IllegalArgumentException("puppet.sandbox.rate-limits." + key
                            + ": unknown endpoint, use one of "
                            + Arrays.stream(XEndpoint.values())
                                    .map(XEndpoint::key)
                                    .collect(Collectors.joining(", "))));
            Limit known = byEndpoint.get(endpoint);
            byEndpoint.put(
                    endpoint,
                    known == null ? entry.getValue() : known.mergedWith(entry.getValue(), spelling.get(endpoint), key));
            spelling.putIfAbsent(endpoint, key);
        }
        rateLimits = byEndpoint.entrySet().stream()
                .collect(Collectors.toUnmodifiableMap(e -> e.getKey().key(), Map.Entry::getValue));
    }

    /** The endpoint a configuration key names, compared without case, {@code -} or {@code _}. */
    static Optional<XEndpoint> endpointOf(String key) {
        String wanted = normalised(key);
        return Arrays.stream(XEndpoint.values())
                .filter(e -> normalised(e.key()).equals(wanted))
                .findFirst();
    }

    private static String normalised(String key) {
        return key.replace("-", "").replace("_", "").toLowerCase(Locale.ROOT);
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

        Limit mergedWith(Limit other, @Nullable String key, String otherKey) {
            return new Limit(
                    merged(requests, other.requests, key, otherKey, "requests"),
                    merged(window, other.window, key, otherKey, "window"));
        }

        private static <T> @Nullable T merged(
                @Nullable T one, @Nullable T other, @Nullable String key, String otherKey, String field) {
            if (one != null && other != null && !one.equals(other)) {
                throw new IllegalArgumentException("puppet.sandbox.rate-limits." + key + "." + field + " (" + one
                        + ") and puppet.sandbox.rate-limits." + otherKey + "." + field + " (" + other
                        + ") set the same endpoint differently");
            }
            return one != null ? one : other;
        }
    }

    /** Writes per 24 hours: per user and per app (consumer key); each sandbox account has its own app. */
    public record DailyLimits(
            @DefaultValue("2400") int user,
            @DefaultValue("10000") int app) {
        public DailyLimits {
            if (user < 0 || app < 0) {
                throw new IllegalArgumentException("puppet.sandbox.daily-limits must be >= 0");
            }
        }
    }

    /** The effective limit of an endpoint. */
    Resolved limitOf(XEndpoint endpoint) {
        Limit configured = rateLimits.get(endpoint.key());
        Integer requests = configured == null ? null : configured.requests();
        Duration window = configured == null ? null : configured.window();
        return new Resolved(
                requests != null ? requests : endpoint.defaultLimit(),
                window != null ? window : endpoint.defaultWindow());
    }

    record Resolved(int requests, Duration window) {}
}
