package dev.puppetengine.llm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.puppetengine.persona.PersonaSpec;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Pins what {@link PromptComposer} produced before its token counting was made incremental: the digests below were
 * taken from the composer that recounted every section on each pass, for a 6,000-character own prompt and many
 * memories, turns, recent posts and examples, so the shrink and truncation paths all run.
 */
class PromptComposerSameOutputTest {

    private final PromptComposer composer = new PromptComposer();

    @Test
    void a_long_own_prompt_with_many_memories_composes_as_before() {
        assertThat(List.of(
                        fingerprint(composer.compose(longPersona(), busyReply(), 3)),
                        fingerprint(composer.compose(longPersona(), busyPost(), 3))))
                .containsExactly("2189:7dd387bf0fca9d4c9042ba8cc556426a", "2009:b55620531089f006636abcc289d12bf0");
    }

    @Test
    void one_memory_too_long_for_its_budget_is_cut_as_before() {
        String huge = "The tide went out and kept going, ".repeat(40) + "and then it came back.";
        var inputs = PromptInputs.newPost("calm", List.of(huge), List.of());

        assertThat(fingerprint(composer.compose(longPersona(), inputs, 3)))
                .isEqualTo("1925:c80c2da3b0e7625007df049473a4a6ae");
    }

    private static PersonaSpec longPersona() {
        StringBuilder own = new StringBuilder("You are Long, a tide-pool keeper. ");
        for (int i = 0; own.length() < 6_000; i++) {
            own.append("Rule ").append(i).append(": speak of krill, whales and tides plainly, never twice the same. ");
        }
        List<String> examples = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            examples.add(
                    "Example post " + i + " about the abyssal plain, the kelp forest and a long afternoon at sea.");
        }
        return TestPersonas.persona("long")
                .customSystemPrompt(own.toString())
                .examplePosts(examples)
                .keyTerms(List.of("tide", "krill", "kelp"))
                .build();
    }

    private static List<String> memories() {
        List<String> memories = new ArrayList<>();
        for (int i = 0; i < 80; i++) {
            memories.add("Memory " + i + ": watched the tide pool number " + i + " fill with hermit crabs and snails.");
        }
        return memories;
    }

    private static PromptInputs busyReply() {
        List<PromptInputs.Turn> turns = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            turns.add(new PromptInputs.Turn(
                    i % 2 == 0 ? "Bo" : "Long", "Turn " + i + " on whether krill matter.", i % 2 == 1));
        }
        return new PromptInputs(
                CallType.REPLY,
                "restless and upbeat",
                memories(),
                "You know Bo well; you like them and mostly trust them. ".repeat(5),
                turns,
                memories().subList(0, 12),
                "krill",
                "Tell me everything about krill and why whales need them so much.");
    }

    private static PromptInputs busyPost() {
        return PromptInputs.newPost("curious", memories(), memories().subList(10, 20));
    }

    private static String fingerprint(ComposedPrompt prompt) {
        try {
            var digest = MessageDigest.getInstance("SHA-256");
            for (ChatMessage message : prompt.messages()) {
                digest.update(
                        (message.role() + "\u0000" + message.content() + "\u0000").getBytes(StandardCharsets.UTF_8));
            }
            digest.update((new TreeMap<>(prompt.sectionTokens()) + " " + prompt.stablePrefixTokens() + " "
                            + prompt.totalTokens() + " " + prompt.rotatingPromptIndex())
                    .getBytes(StandardCharsets.UTF_8));
            return prompt.totalTokens() + ":"
                    + HexFormat.of().formatHex(digest.digest()).substring(0, 32);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
