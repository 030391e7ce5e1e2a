package dev.puppetengine.agent;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code puppet.mood.*} (DESIGN §4.2): the half-life with which a mood settles back to its baseline (persona time),
 * and how many mood changes per persona the history keeps for the dashboard's chart.
 */
@ConfigurationProperties("puppet.mood")
public record MoodProperties(
        @DefaultValue("12h") Duration halfLife,
        @DefaultValue("500") int historySize) {

    public MoodProperties {
        if (halfLife.isNegative() || halfLife.isZero()) {
            throw new IllegalArgumentException("puppet.mood.half-life must be positive: " + halfLife);
        }
        if (historySize < 1) {
            throw new IllegalArgumentException("puppet.mood.history-size must be at least 1: " + historySize);
        }
    }
}
