package dev.puppetengine.agent;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code puppet.conversations.*} (DESIGN §4.5): {@code turn-cap} is how many replies a persona makes in one
 * conversation with another persona before it stops answering there (default 4, at least 1).
 */
@ConfigurationProperties("puppet.conversations")
public record ConversationProperties(@DefaultValue("4") int turnCap) {

    public static final ConversationProperties DEFAULTS = new ConversationProperties(4);

    public ConversationProperties {
        if (turnCap < 1) {
            throw new IllegalArgumentException("puppet.conversations.turn-cap must be at least 1: " + turnCap);
        }
    }
}
