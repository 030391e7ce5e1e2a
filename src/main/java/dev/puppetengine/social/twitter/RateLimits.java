package dev.puppetengine.social.twitter;

import dev.puppetengine.shared.ExternalServiceException.RateLimited;
import java.net.http.HttpHeaders;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * One account's rate limits per endpoint, learned from X's headers (X sends no Retry-After): the 15-minute window
 * ({@code x-rate-limit-*}) and the 24-hour limits of the user ({@code x-user-limit-24hour-*}) and of the app
 * ({@code x-app-limit-24hour-*}). While any of an endpoint's limits has 0 remaining, or after a 429, no request is
 * sent to it until that limit resets: {@link #requireAvailable} throws {@link RateLimited} instead. Thread-safe.
 */
public final class RateLimits {

    static final String LIMIT = "x-rate-limit-limit";
    static final String REMAINING = "x-rate-limit-remaining";
    static final String RESET = "x-rate-limit-reset";

    /** Which limit a window is. */
    public enum Scope {
        FIFTEEN_MINUTES("x-rate-limit"),
        USER_24_HOURS("x-user-limit-24hour"),
        APP_24_HOURS("x-app-limit-24hour");

        private final String header;

        Scope(String header) {
            this.header = header;
        }

        /** The header prefix: {@code -limit}, {@code -remaining} and {@code -reset} follow. */
        public String header() {
            return header;
        }

        public String wireName() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    private final Clock clock;
    private final Map<XEndpoint, Map<Scope, Window>> windows = new ConcurrentHashMap<>();

    public RateLimits(Clock clock) {
        this.clock = clock;
    }

    /** What X last said about one limit of one endpoint; {@code reset} is when it restarts. */
    public record Window(int limit, int remaining, Instant reset) {}

    /** Throws {@link RateLimited} when one of the endpoint's limits is exhausted and has not reset yet. */
    public void requireAvailable(XEndpoint endpoint) {
        Map<Scope, Window> limits = windows.get(endpoint);
        if (limits == null) {
            return;
        }
        Instant now = clock.instant();
        Scope blocking = null;
        Instant until = null;
        synchronized (limits) {
            for (var entry : new ArrayList<>(limits.entrySet())) {
                Window window = entry.getValue();
                if (window.remaining() > 0) {
                    continue;
                }
                if (!now.isBefore(window.reset())) {
                    limits.remove(entry.getKey());
                } else if (until == null || window.reset().isAfter(until)) {
                    until = window.reset();
                    blocking = entry.getKey();
                }
            }
        }
        if (until != null && blocking != null) {
            throw new RateLimited(
                    TwitterErrorMapper.SERVICE,
                    endpoint + " " + blocking.wireName() + " rate limit exhausted until " + until,
                    Duration.between(now, until));
        }
    }

    /** Records the limit headers of a response (any status); a limit without its headers is left as it was. */
    public void update(XEndpoint endpoint, HttpHeaders headers) {
        for (Scope scope : Scope.values()) {
            OptionalLong reset = headers.firstValueAsLong(scope.header() + "-reset");
            OptionalLong remaining = headers.firstValueAsLong(scope.header() + "-remaining");
            if (reset.isEmpty() || remaining.isEmpty()) {
                continue;
            }
            int limit =
                    (int) headers.firstValueAsLong(scope.header() + "-limit").orElse(remaining.getAsLong());
            limitsOf(endpoint)
                    .put(
                            scope,
                            new Window(limit, (int) remaining.getAsLong(), Instant.ofEpochSecond(reset.getAsLong())));
        }
    }

    /** After a 429: nothing is sent to the endpoint before {@code reset}. */
    public void exhausted(XEndpoint endpoint, Instant reset) {
        limitsOf(endpoint)
                .compute(Scope.FIFTEEN_MINUTES, (s, old) -> new Window(old == null ? 0 : old.limit(), 0, reset));
    }

    /** The endpoint's 15-minute window, if X told it. */
    public Optional<Window> find(XEndpoint endpoint) {
        return find(endpoint, Scope.FIFTEEN_MINUTES);
    }

    public Optional<Window> find(XEndpoint endpoint, Scope scope) {
        Map<Scope, Window> limits = windows.get(endpoint);
        return Optional.ofNullable(limits == null ? null : limits.get(scope));
    }

    /** Every limit known, by endpoint and scope (for {@code doctor} and the status). */
    public Map<XEndpoint, Map<Scope, Window>> snapshot() {
        Map<XEndpoint, Map<Scope, Window>> copy = new EnumMap<>(XEndpoint.class);
        windows.forEach((endpoint, limits) -> copy.put(endpoint, Map.copyOf(limits)));
        return copy;
    }

    /**
     * When a 429 answered with these headers lifts: the latest reset of a limit they show exhausted (a 24-hour
     * limit outlasts the 15-minute window), else the 15-minute reset; null when X sent none.
     */
    static @Nullable Instant resetOf429(HttpHeaders headers) {
        Instant latest = null;
        for (Scope scope : List.of(Scope.USER_24_HOURS, Scope.APP_24_HOURS)) {
            OptionalLong remaining = headers.firstValueAsLong(scope.header() + "-remaining");
            OptionalLong reset = headers.firstValueAsLong(scope.header() + "-reset");
            if (remaining.isPresent() && remaining.getAsLong() <= 0 && reset.isPresent()) {
                Instant at = Instant.ofEpochSecond(reset.getAsLong());
                latest = latest == null || at.isAfter(latest) ? at : latest;
            }
        }
        if (latest != null) {
            return latest;
        }
        OptionalLong reset = headers.firstValueAsLong(RESET);
        return reset.isPresent() ? Instant.ofEpochSecond(reset.getAsLong()) : null;
    }

    private Map<Scope, Window> limitsOf(XEndpoint endpoint) {
        return windows.computeIfAbsent(endpoint, e -> new ConcurrentHashMap<>());
    }
}
