package dev.puppetengine.llm;

import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The sections of a composed prompt (DESIGN §5.3), in the order they are sent: the stable ones first so that
 * providers' prompt caching applies, then the variable ones. Each starts with a {@code ## Heading} line.
 */
public enum PromptSection {
    PERSONA("Persona", true),
    STYLE("Style guide", true),
    EXAMPLES("Example posts", true),
    CORE_MEMORIES("Core memories", true),
    MOOD("Mood", false),
    RECALLED_MEMORIES("What you remember", false),
    RELATIONSHIP("Relationship", false),
    CONVERSATION("Conversation", false),
    RECENT_POSTS("Your recent posts", false),
    TASK("Task", false);

    private final String title;
    private final boolean stable;

    PromptSection(String title, boolean stable) {
        this.title = title;
        this.stable = stable;
    }

    public String title() {
        return title;
    }

    /** Stable sections change only when the persona file changes; variable ones change from call to call. */
    public boolean stable() {
        return stable;
    }

    public String heading() {
        return "## " + title;
    }

    /** Splits the messages' text back into sections by their headings; text outside any section is ignored. */
    public static Map<PromptSection, String> read(List<ChatMessage> messages) {
        Map<PromptSection, StringBuilder> bodies = new EnumMap<>(PromptSection.class);
        for (ChatMessage message : messages) {
            PromptSection current = null;
            for (String line : message.content().split("\n", -1)) {
                PromptSection heading = headingOf(line);
                if (heading != null) {
                    current = heading;
                    bodies.computeIfAbsent(heading, h -> new StringBuilder());
                } else if (current != null) {
                    bodies.computeIfAbsent(current, h -> new StringBuilder())
                            .append(line)
                            .append('\n');
                }
            }
        }
        Map<PromptSection, String> result = new EnumMap<>(PromptSection.class);
        bodies.forEach((section, body) -> result.put(section, body.toString().strip()));
        return result;
    }

    private static @Nullable PromptSection headingOf(String line) {
        if (!line.startsWith("## ")) {
            return null;
        }
        String title = line.substring(3).strip().toLowerCase(Locale.ROOT);
        for (PromptSection section : values()) {
            if (section.title.toLowerCase(Locale.ROOT).equals(title)) {
                return section;
            }
        }
        return null;
    }
}
