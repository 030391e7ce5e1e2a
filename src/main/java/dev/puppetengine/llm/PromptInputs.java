package dev.puppetengine.llm;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The variable material of one prompt (DESIGN §5.3), gathered by the caller: the mood in words (never numbers),
 * recalled memories, the relationship with the counterpart in words, the conversation (oldest first), the persona's
 * recent posts (newest first), an optional topic and the text being reacted to. No timestamps or ids: they would
 * defeat prompt caching and invite the model to copy them.
 */
public record PromptInputs(
        CallType callType,
        String mood,
        List<String> recalledMemories,
        @Nullable String relationship,
        List<Turn> conversation,
        List<String> recentPosts,
        @Nullable String topic,
        @Nullable String input) {

    public PromptInputs {
        Objects.requireNonNull(callType);
        recalledMemories = List.copyOf(recalledMemories);
        conversation = List.copyOf(conversation);
        recentPosts = List.copyOf(recentPosts);
    }

    /** One message of a thread; {@code own} marks the persona's own posts. {@code speaker} is a name, not a handle. */
    public record Turn(String speaker, String text, boolean own) {}

    public static PromptInputs newPost(String mood, List<String> recalledMemories, List<String> recentPosts) {
        return new PromptInputs(CallType.NEW_POST, mood, recalledMemories, null, List.of(), recentPosts, null, null);
    }
}
