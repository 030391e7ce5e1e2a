package dev.puppetengine.llm;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A prompt ready to send: the messages (the system message holds the system prompt and the stable sections, the
 * user message the variable ones), which rotating system prompt was chosen, and token counts per section.
 */
public record ComposedPrompt(
        List<ChatMessage> messages,
        @Nullable Integer rotatingPromptIndex,
        Map<PromptSection, Integer> sectionTokens,
        int stablePrefixTokens,
        int totalTokens) {

    public ComposedPrompt {
        messages = List.copyOf(messages);
        sectionTokens = Map.copyOf(sectionTokens);
    }

    /** The share of the prompt's tokens that is the same from call to call (billed at the cached rate). */
    public double stableShare() {
        return totalTokens == 0 ? 0 : (double) stablePrefixTokens / totalTokens;
    }
}
