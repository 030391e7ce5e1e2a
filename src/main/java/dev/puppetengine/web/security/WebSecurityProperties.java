package dev.puppetengine.web.security;

import java.util.List;
import java.util.Locale;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * The guard's settings, prefix {@code puppet}: {@code allowed-hosts}, the host names (besides loopback) that a
 * request's {@code Host} may carry, for a reverse proxy ({@code PUPPET_ALLOWEDHOSTS}, comma-separated); and
 * {@code api.max-body-size}, the largest request body accepted on any path (413 beyond it).
 */
@Validated
@ConfigurationProperties("puppet")
public record WebSecurityProperties(
        @DefaultValue List<String> allowedHosts,
        @DefaultValue Api api) {

    public WebSecurityProperties {
        allowedHosts = allowedHosts.stream()
                .map(host -> host.trim().toLowerCase(Locale.ROOT))
                .filter(host -> !host.isEmpty())
                .toList();
    }

    /** Settings of the operator API. */
    public record Api(@DefaultValue("1MB") DataSize maxBodySize) {
        public Api {
            if (maxBodySize.toBytes() < 1) {
                throw new IllegalArgumentException("puppet.api.max-body-size must be at least 1B: " + maxBodySize);
            }
        }
    }
}
