package dev.puppetengine.event;

import jakarta.validation.constraints.Min;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code puppet.events.*} (DESIGN §4.4): how often a failing event is run before it is failed, the wait before its
 * first retry (doubling after each), and how often the queue is swept for due events whose timer was lost.
 */
@Validated
@ConfigurationProperties("puppet.events")
public record EventProperties(
        @DefaultValue("5") @Min(1) int maxAttempts,
        @DefaultValue("1m") Duration retryBackoff,
        @DefaultValue("1m") Duration sweepInterval) {

    public EventProperties {
        if (retryBackoff.isNegative() || retryBackoff.isZero()) {
            throw new IllegalArgumentException("puppet.events.retry-backoff must be positive: " + retryBackoff);
        }
        if (sweepInterval.isNegative() || sweepInterval.isZero()) {
            throw new IllegalArgumentException("puppet.events.sweep-interval must be positive: " + sweepInterval);
        }
    }
}
