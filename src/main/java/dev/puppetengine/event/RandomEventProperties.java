package dev.puppetengine.event;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code puppet.events.random.*} (DESIGN §4.4, docs/events.md): the random event sources, each on or off with its
 * interval in persona time. News is off by default: its headlines are made up, fine for a rehearsal in the sandbox,
 * not for a live account. Mood shifts (per persona, every {@code interval} plus up to {@code jitter}) and interaction
 * prompts between the personas are on, as in the original.
 */
@Validated
@ConfigurationProperties("puppet.events.random")
public record RandomEventProperties(
        @DefaultValue News news,
        @DefaultValue Mood mood,
        @DefaultValue Interactions interactions) {

    public RandomEventProperties {
        requirePositive("news.interval", news.interval());
        requirePositive("mood.interval", mood.interval());
        requirePositive("interactions.interval", interactions.interval());
        if (mood.jitter().isNegative()) {
            throw new IllegalArgumentException(
                    "puppet.events.random.mood.jitter must not be negative: " + mood.jitter());
        }
    }

    public record News(
            @DefaultValue("false") boolean enabled,
            @DefaultValue("6h") Duration interval) {}

    public record Mood(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("4h") Duration interval,
            @DefaultValue("1h") Duration jitter) {}

    public record Interactions(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("8h") Duration interval) {}

    static void requirePositive(String key, Duration interval) {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("puppet.events.random." + key + " must be positive: " + interval);
        }
    }
}
