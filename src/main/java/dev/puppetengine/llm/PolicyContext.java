package dev.puppetengine.llm;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What the output policy checks a text against besides the persona's rules: its recent posts (newest first, at most
 * 50 are used), the one handle it may mention (the author it replies to, without {@code @}), and the prompt that
 * produced the text (to catch leaked instructions).
 */
public record PolicyContext(
        List<String> recentPosts, @Nullable String allowedMention, List<ChatMessage> prompt) {

    public static final int RECENT_POSTS_CHECKED = 50;

    public static final PolicyContext NONE = new PolicyContext(List.of(), null, List.of());

    public PolicyContext {
        recentPosts = List.copyOf(recentPosts.subList(0, Math.min(recentPosts.size(), RECENT_POSTS_CHECKED)));
        prompt = List.copyOf(prompt);
    }

    public static PolicyContext forNewPost(List<String> recentPosts, List<ChatMessage> prompt) {
        return new PolicyContext(recentPosts, null, prompt);
    }
}
