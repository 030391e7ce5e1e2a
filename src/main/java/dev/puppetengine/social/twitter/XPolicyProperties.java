package dev.puppetengine.social.twitter;

import dev.puppetengine.social.PlatformPolicy;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The platform policy's switches ({@code puppet.x.*}, DESIGN §6.2), enforced live (and in the sandbox with
 * {@code enforce-policy-in-sandbox}).
 *
 * @param aiRepliesApproved X approved this app's AI replies: until then every reply is held
 * @param previewHeldReplies draft held replies anyway, stored as {@code held} for the operator to read
 * @param automatedLikes send the personas' likes live (off: X discourages automated likes)
 * @param optOutWords a user who sends one of these (whole word, any case) is never addressed again
 * @param allow when not empty, the only users (ids or handles) a persona may reply to, quote or like
 * @param deny users a persona never replies to, quotes or likes
 * @param dailyPostCap posts, replies and quotes per persona per 24 hours
 * @param dailyPostCaps the cap of single personas, by persona id
 * @param automationLabelAcknowledged the operator set X's automation label on every persona account (the API cannot
 *     read it; {@code ./puppet doctor} asks for this acknowledgement)
 */
@Validated
@ConfigurationProperties("puppet.x")
public record XPolicyProperties(
        @DefaultValue("false") boolean aiRepliesApproved,
        @DefaultValue("false") boolean previewHeldReplies,
        @DefaultValue("false") boolean automatedLikes,
        @DefaultValue("stop") List<String> optOutWords,
        @DefaultValue List<String> allow,
        @DefaultValue List<String> deny,
        @DefaultValue("50") int dailyPostCap,
        @DefaultValue Map<String, Integer> dailyPostCaps,
        @DefaultValue("false") boolean enforcePolicyInSandbox,
        @DefaultValue("false") boolean automationLabelAcknowledged) {

    public XPolicyProperties {
        optOutWords = List.copyOf(optOutWords);
        allow = List.copyOf(allow);
        deny = List.copyOf(deny);
        if (dailyPostCap < 0) {
            throw new IllegalArgumentException("puppet.x.daily-post-cap must be >= 0, was " + dailyPostCap);
        }
        for (var cap : dailyPostCaps.entrySet()) {
            if (cap.getValue() == null || cap.getValue() < 0) {
                throw new IllegalArgumentException(
                        "puppet.x.daily-post-caps." + cap.getKey() + " must be >= 0, was " + cap.getValue());
            }
        }
        dailyPostCaps = Map.copyOf(dailyPostCaps);
    }

    /** The policy's settings; {@code live} is whether the engine runs against X. */
    public PlatformPolicy.Settings settings(boolean live) {
        return new PlatformPolicy.Settings(
                live || enforcePolicyInSandbox,
                aiRepliesApproved,
                previewHeldReplies,
                automatedLikes,
                optOutWords,
                Set.copyOf(allow),
                Set.copyOf(deny),
                dailyPostCap,
                dailyPostCaps);
    }
}
