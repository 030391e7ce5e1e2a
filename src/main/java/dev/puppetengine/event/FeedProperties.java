package dev.puppetengine.event;

import jakarta.validation.constraints.Min;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code puppet.events.feeds.*} (docs/events.md): RSS 2.0 and Atom feeds whose new items become {@code news} events
 * for every active persona, with {@code topic} as their topic. Each feed is read every {@code interval} (persona time)
 * with a conditional GET; at most {@code max-items-per-poll} new items of one read become events, newest first (the
 * rest are skipped for good, so a first read of a long feed does not flood the cast).
 */
@Validated
@ConfigurationProperties("puppet.events.feeds")
public record FeedProperties(
        @DefaultValue List<URI> urls,
        @DefaultValue("30m") Duration interval,
        @DefaultValue("news") String topic,
        @DefaultValue("5") @Min(1) int maxItemsPerPoll,
        @DefaultValue("10s") Duration timeout) {

    public FeedProperties {
        urls = List.copyOf(urls);
        for (int i = 0; i < urls.size(); i++) {
            URI url = urls.get(i);
            String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || url.getHost() == null) {
                throw new IllegalArgumentException(
                        "puppet.events.feeds.urls[" + i + "] must be an http or https URL: " + url);
            }
        }
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("puppet.events.feeds.interval must be positive: " + interval);
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("puppet.events.feeds.timeout must be positive: " + timeout);
        }
        if (maxItemsPerPoll < 1) {
            throw new IllegalArgumentException(
                    "puppet.events.feeds.max-items-per-poll must be at least 1: " + maxItemsPerPoll);
        }
        if (topic.isBlank() || topic.length() > 100) {
            throw new IllegalArgumentException("puppet.events.feeds.topic must have 1..100 characters");
        }
    }
}
