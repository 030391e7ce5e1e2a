package dev.puppetengine.social.twitter;

import java.net.URI;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The X client ({@code puppet.x.*}): the live API root (without {@code /2}) and the per-request timeout.
 *
 * @param baseUrl live X API root, default {@code https://api.x.com}
 * @param timeout per request, default 10 s
 */
@ConfigurationProperties("puppet.x")
public record TwitterProperties(
        @Nullable URI baseUrl, @Nullable Duration timeout) {

    public static final URI LIVE_API = URI.create("https://api.x.com");

    public TwitterProperties {
        baseUrl = baseUrl == null ? LIVE_API : baseUrl;
        timeout = timeout == null ? Duration.ofSeconds(10) : timeout;
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("puppet.x.timeout must be positive");
        }
    }

    public URI liveBaseUrl() {
        return baseUrl == null ? LIVE_API : baseUrl;
    }

    public Duration requestTimeout() {
        return timeout == null ? Duration.ofSeconds(10) : timeout;
    }
}
