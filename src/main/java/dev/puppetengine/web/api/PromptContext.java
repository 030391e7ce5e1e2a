package dev.puppetengine.web.api;

import dev.puppetengine.agent.PostPrompts;
import dev.puppetengine.llm.ComposedPrompt;
import dev.puppetengine.llm.PromptSection;
import dev.puppetengine.persona.PersonaId;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * {@code GET /api/agents/{id}/context}: the messages the persona's next new post would send, in order, and the
 * sections they hold — stable sections (in the system message, billed at the cached rate) before variable ones — with
 * their token counts. {@code rotatingPromptIndex} is the rotating system prompt chosen for the post due at
 * {@code nextPostAt} (null when the persona has none), the same one that call will use.
 */
public record PromptContext(
        String agentId,
        String callType,
        @Nullable Integer rotatingPromptIndex,
        @Nullable Instant nextPostAt,
        List<Message> messages,
        List<Section> sections,
        int stablePrefixTokens,
        int totalTokens) {

    public PromptContext {
        messages = List.copyOf(messages);
        sections = List.copyOf(sections);
    }

    public record Message(String role, String content) {}

    public record Section(String name, String heading, boolean stable, int tokens) {}

    static PromptContext of(PersonaId id, PostPrompts.Preview preview) {
        ComposedPrompt prompt = preview.prompt();
        List<Message> messages = prompt.messages().stream()
                .map(m -> new Message(m.role().name().toLowerCase(Locale.ROOT), m.content()))
                .toList();
        List<Section> sections = Arrays.stream(PromptSection.values())
                .filter(prompt.sectionTokens()::containsKey)
                .map(s -> new Section(
                        s.name().toLowerCase(Locale.ROOT),
                        s.heading(),
                        s.stable(),
                        prompt.sectionTokens().getOrDefault(s, 0)))
                .toList();
        return new PromptContext(
                id.value(),
                "new_post",
                prompt.rotatingPromptIndex(),
                preview.nextPostAt(),
                messages,
                sections,
                prompt.stablePrefixTokens(),
                prompt.totalTokens());
    }
}
