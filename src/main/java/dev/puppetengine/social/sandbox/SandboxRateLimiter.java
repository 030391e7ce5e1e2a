package dev.puppetengine.social.sandbox;

import dev.puppetengine.social.twitter.XEndpoint;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** X-style fixed windows per user and endpoint: a window starts with its first request and resets after its length. */
final class SandboxRateLimiter {

    private final SandboxProperties properties;
    private final Clock clock;
    private final Map<Key, Window> windows = new ConcurrentHashMap<>();

    SandboxRateLimiter(SandboxProperties properties, Clock clock) {
        this.properties = properties;
        this.clock = clock;
    }

    /** The outcome of counting one request: the header values, and whether it is over the limit. */
    record Decision(int limit, int remaining, Instant reset, boolean allowed) {}

    Decision acquire(long userId, XEndpoint endpoint) {
        SandboxProperties.Resolved limit = properties.limitOf(endpoint);
        Instant now = clock.instant();
        Window window = windows.compute(new Key(userId, endpoint), (key, old) -> {
            if (old == null || !now.isBefore(old.reset())) {
                return new Window(now.plus(limit.window()), 1);
            }
            return new Window(old.reset(), old.used() + 1);
        });
        boolean allowed = window.used() <= limit.requests();
        int remaining = Math.max(0, limit.requests() - window.used());
        return new Decision(limit.requests(), remaining, window.reset(), allowed);
    }

    private record Key(long userId, XEndpoint endpoint) {}

    private record Window(Instant reset, int used) {}
}
