package dev.puppetengine.social.twitter;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The X client ({@code puppet.x.*}).
 *
 * @param baseUrl the live X API root without {@code /2}
 * @param timeout how long one request may take
 */
@Validated
@ConfigurationProperties("puppet.x")
public record TwitterProperties(
        @DefaultValue("https://api.x.com") URI baseUrl,
        @DefaultValue("10s") Duration timeout) {

    public TwitterProperties {
        Objects.requireNonNull(baseUrl, "puppet.x.base-url");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("puppet.x.timeout must be positive, was " + timeout);
        }
    }
}
