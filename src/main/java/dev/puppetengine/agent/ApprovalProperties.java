package dev.puppetengine.agent;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code puppet.approvals.*} (issue 12): {@code expire-after} is how long a post waits for a human before it expires
 * unsent, in persona time (default 24 hours, positive).
 */
@ConfigurationProperties("puppet.approvals")
public record ApprovalProperties(@DefaultValue("24h") Duration expireAfter) {

    public static final ApprovalProperties DEFAULTS = new ApprovalProperties(Duration.ofHours(24));

    public ApprovalProperties {
        if (expireAfter.isNegative() || expireAfter.isZero()) {
            throw new IllegalArgumentException("puppet.approvals.expire-after must be positive: " + expireAfter);
        }
    }
}
