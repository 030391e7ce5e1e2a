package dev.puppetengine.web.api;

import dev.puppetengine.llm.ComposedPrompt;
import dev.puppetengine.llm.PromptSection;
import dev.puppetengine.persona.PersonaId;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * {@code GET /api/agents/{id}/context}: the messages a new post would send, in order, and the sections they hold —
 * stable sections (in the system message, billed at the cached rate) before variable ones — with their token counts.
 */
public record PromptContext(
        String agentId,
        String callType,
        @Nullable Integer rotatingPromptIndex,
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

    static PromptContext of(PersonaId id, ComposedPrompt prompt) {
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
                messages,
                sections,
                prompt.stablePrefixTokens(),
                prompt.totalTokens());
    }
}
