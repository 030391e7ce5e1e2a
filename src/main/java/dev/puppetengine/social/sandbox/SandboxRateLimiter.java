package dev.puppetengine.social.sandbox;

import dev.puppetengine.social.twitter.XEndpoint;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** X-style fixed windows per user and endpoint: a window starts with its first request and resets after its length. */
final class SandboxRateLimiter {

    private final SandboxProperties properties;
    private final Clock clock;
    private static final Duration DAY = Duration.ofHours(24);

    private final Map<Key, Window> windows = new ConcurrentHashMap<>();
    private final Map<String, Window> days = new ConcurrentHashMap<>();

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

    /** A 24-hour cap's header values after counting one write. */
    record Daily(int limit, int remaining, Instant reset, boolean allowed) {}

    /** Counts one write against the user's and the app's 24-hour caps; both are counted, either may refuse. */
    Days acquireDaily(long userId, String app) {
        SandboxProperties.DailyLimits limits = properties.dailyLimits();
        return new Days(daily("user:" + userId, limits.user()), daily("app:" + app, limits.app()));
    }

    /** The user's and the app's 24-hour caps after one write. */
    record Days(Daily user, Daily app) {
        boolean allowed() {
            return user.allowed() && app.allowed();
        }
    }

    private Daily daily(String key, int limit) {
        Instant now = clock.instant();
        Window window = days.compute(key, (k, old) -> {
            if (old == null || !now.isBefore(old.reset())) {
                return new Window(now.plus(DAY), 1);
            }
            return new Window(old.reset(), old.used() + 1);
        });
        return new Daily(limit, Math.max(0, limit - window.used()), window.reset(), window.used() <= limit);
    }

    private record Key(long userId, XEndpoint endpoint) {}

    private record Window(Instant reset, int used) {}
}
