package dev.puppetengine.social.twitter;

import dev.puppetengine.shared.ExternalServiceException.RateLimited;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One account's rate limits per endpoint, learned from X's {@code x-rate-limit-*} headers (X sends no Retry-After).
 * While an endpoint's remaining count is 0, or after a 429, no request is sent to it until its reset time:
 * {@link #requireAvailable} throws {@link RateLimited} instead. Thread-safe.
 */
public final class RateLimits {

    static final String LIMIT = "x-rate-limit-limit";
    static final String REMAINING = "x-rate-limit-remaining";
    static final String RESET = "x-rate-limit-reset";

    private final Clock clock;
    private final Map<XEndpoint, Window> windows = new ConcurrentHashMap<>();

    public RateLimits(Clock clock) {
        this.clock = clock;
    }

    /** What X last said about one endpoint; {@code reset} is when the window restarts. */
    public record Window(int limit, int remaining, Instant reset) {}

    /** Throws {@link RateLimited} when the endpoint is exhausted and its window has not reset yet. */
    public void requireAvailable(XEndpoint endpoint) {
        Window window = windows.get(endpoint);
        if (window == null || window.remaining() > 0) {
            return;
        }
        Instant now = clock.instant();
        if (now.isBefore(window.reset())) {
            throw new RateLimited(
                    TwitterErrorMapper.SERVICE,
                    endpoint + " rate limit exhausted until " + window.reset(),
                    Duration.between(now, window.reset()));
        }
        windows.remove(endpoint, window);
    }

    /** Records the limit headers of a response (any status); a response without them changes nothing. */
    public void update(XEndpoint endpoint, java.net.http.HttpHeaders headers) {
        OptionalLong reset = headers.firstValueAsLong(RESET);
        OptionalLong remaining = headers.firstValueAsLong(REMAINING);
        if (reset.isEmpty() || remaining.isEmpty()) {
            return;
        }
        int limit = (int) headers.firstValueAsLong(LIMIT).orElse(remaining.getAsLong());
        windows.put(endpoint, new Window(limit, (int) remaining.getAsLong(), Instant.ofEpochSecond(reset.getAsLong())));
    }

    /** After a 429: nothing is sent to the endpoint before {@code reset}. */
    public void exhausted(XEndpoint endpoint, Instant reset) {
        windows.compute(endpoint, (e, old) -> new Window(old == null ? 0 : old.limit(), 0, reset));
    }

    public Optional<Window> find(XEndpoint endpoint) {
        return Optional.ofNullable(windows.get(endpoint));
    }
}
