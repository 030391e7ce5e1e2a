package dev.puppetengine.web.api;

import java.time.Duration;
import java.time.Instant;

/**
 * A post asked for too soon after the agent's last original post and not forced (DESIGN §4.3): answered as a 429
 * problem saying when it may post next, with {@code Retry-After}.
 */
final class TooSoonException extends RuntimeException {

    private final String agentId;
    private final Instant mayPostAt;
    private final long retryAfterSeconds;

    /** {@code now} is the engine's clock, for {@code Retry-After}: whole seconds, rounded up, at least 1. */
    TooSoonException(String agentId, Instant mayPostAt, Instant now) {
        super("Too soon since the last original post of '" + agentId + "'; it may post from " + mayPostAt + ".");
        this.agentId = agentId;
        this.mayPostAt = mayPostAt;
        this.retryAfterSeconds = Math.max(1, (Duration.between(now, mayPostAt).toMillis() + 999) / 1000);
    }

    String agentId() {
        return agentId;
    }

    Instant mayPostAt() {
        return mayPostAt;
    }

    long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
