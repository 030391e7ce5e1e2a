package dev.puppetengine.llm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.puppetengine.persona.PersonaSpec;
import dev.puppetengine.persona.format.ConfigDirPersonaCatalog;
import dev.puppetengine.persona.format.PersonaDocuments;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class PromptComposerTest {

    private final PromptComposer composer = new PromptComposer();
    private final PersonaSpec ada = TestPersonas.persona("ada").build();

    private static PromptInputs fullReply() {
        return new PromptInputs(
                CallType.REPLY,
                "restless and upbeat",
                List.of("Saw a nautilus at the aquarium.", "Argued with Bo about krill."),
                "You know Bo well; you like them and mostly trust them.",
                List.of(
                        new PromptInputs.Turn("Bo", "Krill are overrated.", false),
                        new PromptInputs.Turn("Ada", "Krill feed whales, Bo.", true),
                        new PromptInputs.Turn("Bo", "Whales could eat something else.", false)),
                List.of("Low tide is nature's open house.", "Bioluminescence is the ocean showing off."),
                null,
                null);
    }

    private static List<String> headingsIn(String text) {
        return text.lines().filter(l -> l.startsWith("## ")).toList();
    }

    @Test
    void counts_a_long_text_the_same_every_time_and_tells_texts_of_one_length_apart() {
        String text = "The tide pools at dawn hold more than the shore lets on. ".repeat(20);
        String other = text.replace("dawn", "dusk");
        int first = PromptComposer.count(text);

        assertThat(PromptComposer.count(new String(text))).isEqualTo(first);
        assertThat(PromptComposer.count(text + " extra words")).isGreaterThan(first);
        assertThat(PromptComposer.TextKey.of(other)).isNotEqualTo(PromptComposer.TextKey.of(text));
        assertThat(PromptComposer.count("ab".repeat(100))).isNotEqualTo(first);
    }

    @Test
    void sections_come_in_the_pinned_order_with_stable_ones_in_the_system_message() {
        ComposedPrompt prompt = composer.compose(ada, fullReply(), 1);

        assertThat(prompt.messages())
                .extracting(ChatMessage::role)
                .containsExactly(ChatMessage.Role.SYSTEM, ChatMessage.Role.USER);
        assertThat(headingsIn(prompt.messages().get(0).content()))
                .containsExactly("## Persona", "## Style guide", "## Example posts", "## Core memories");
        assertThat(headingsIn(prompt.messages().get(1).content()))
                .containsExactly(
                        "## Mood",
                        "## What you remember",
                        "## Relationship",
                        "## Conversation",
                        "## Your recent posts",
                        "## Task");
    }

    @Test
    void the_section_budgets_are_pinned() {
        assertThat(PromptComposer.BUDGETS)
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        PromptSection.PERSONA, 120,
                        PromptSection.STYLE, 160,
                        PromptSection.EXAMPLES, 160,
                        PromptSection.CORE_MEMORIES, 90,
                        PromptSection.MOOD, 20,
                        PromptSection.RECALLED_MEMORIES, 110,
                        PromptSection.RELATIONSHIP, 40,
                        PromptSection.CONVERSATION, 160,
                        PromptSection.RECENT_POSTS, 110));
        assertThat(PromptComposer.MAX_PROMPT_TOKENS).isEqualTo(800);
        assertThat(PromptComposer.OWN_PROMPT_ALLOWANCE).isEqualTo(150);
        assertThat(PromptComposer.SHRINK_ORDER)
                .containsExactly(
                        PromptSection.RECENT_POSTS,
                        PromptSection.RECALLED_MEMORIES,
                        PromptSection.RELATIONSHIP,
                        PromptSection.CONVERSATION,
                        PromptSection.EXAMPLES);
    }

    @Test
    void every_section_stays_within_its_budget_even_with_too_much_material() {
        List<String> many = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            many.add("Memory number " + i + " about a long afternoon spent in the tide pools watching crabs argue.");
        }
        var inputs = new PromptInputs(CallType.NEW_POST, "calm and content", many, null, List.of(), many, null, null);

        ComposedPrompt prompt = composer.compose(ada, inputs, 1);

        prompt.sectionTokens()
                .forEach((section, tokens) ->
                        assertThat(tokens).as(section.name()).isLessThanOrEqualTo(PromptComposer.budget(section)));
        assertThat(prompt.totalTokens()).isLessThanOrEqualTo(PromptComposer.MAX_PROMPT_TOKENS);
        assertThat(prompt.messages().get(1).content()).contains("## Task");
    }

    @Test
    void the_mood_is_in_words_and_the_prompt_has_no_numbers_from_the_inputs() {
        String user = composer.compose(ada, fullReply(), 1).messages().get(1).content();
        assertThat(user).contains("You feel restless and upbeat.");
        assertThat(user).doesNotContainPattern("\\d{4}-\\d{2}-\\d{2}").doesNotContain("@");
    }

    @Test
    void the_same_inputs_give_the_same_prompt() {
        assertThat(composer.compose(ada, fullReply(), 5)).isEqualTo(composer.compose(ada, fullReply(), 5));
    }

    @Nested
    class SystemPrompt {

        @Test
        void a_rotating_prompt_wins_and_its_index_is_recorded() {
            var persona = TestPersonas.persona("rot")
                    .customSystemPrompt("CUSTOM")
                    .rotatingPrompts(List.of("ROTATING ZERO", "ROTATING ONE", "ROTATING TWO"))
                    .build();
            var seen = new java.util.HashSet<Integer>();
            for (long seed = 0; seed < 30; seed++) {
                ComposedPrompt prompt = composer.compose(persona, fullReply(), seed);
                int index = java.util.Objects.requireNonNull(prompt.rotatingPromptIndex());
                seen.add(index);
                assertThat(prompt.messages().get(0).content())
                        .startsWith(persona.rotatingSystemPrompts().get(index))
                        .doesNotContain("CUSTOM");
            }
            assertThat(seen).containsExactlyInAnyOrder(0, 1, 2);
        }

        @Test
        void the_custom_prompt_comes_next() {
            var persona = TestPersonas.persona("cus")
                    .customSystemPrompt("You are a custom crab.")
                    .build();
            ComposedPrompt prompt = composer.compose(persona, fullReply(), 1);
            assertThat(prompt.rotatingPromptIndex()).isNull();
            assertThat(prompt.messages().get(0).content()).startsWith("You are a custom crab.");
        }

        @Test
        void a_long_custom_prompt_is_sent_whole_and_the_memories_mood_and_task_stay() {
            StringBuilder custom = new StringBuilder();
            for (int rule = 1; custom.length() < 6_000; rule++) {
                custom.append("Rule ")
                        .append(rule)
                        .append(": report tide number ")
                        .append(rule)
                        .append(" plainly.\n");
            }
            custom.append("Final rule: stay kind.");
            var persona = TestPersonas.persona("long")
                    .customSystemPrompt(custom.toString())
                    .build();

            ComposedPrompt prompt = composer.compose(persona, fullReply(), 1);

            assertThat(prompt.messages().get(0).content()).startsWith(custom.toString());
            assertThat(prompt.messages().get(1).content())
                    .contains("## Mood", "## What you remember", "## Task", "Whales could eat something else.");
            assertThat(prompt.totalTokens())
                    .isLessThanOrEqualTo(PromptComposer.MAX_PROMPT_TOKENS
                            + PromptComposer.count(custom.toString())
                            - PromptComposer.OWN_PROMPT_ALLOWANCE);
        }

        @Test
        void over_the_limit_variable_sections_give_way_before_the_examples_and_never_the_prompt_or_task() {
            List<String> many = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                many.add("Example number " + i + " about krill, whales, tides and a very long afternoon at sea.");
            }
            String own = "You are Busy, who " + "knows the tides and ".repeat(34) + "likes krill.";
            var persona = TestPersonas.persona("busy")
                    .customSystemPrompt(own)
                    .examplePosts(many)
                    .build();
            String mention = "Tell me everything about the abyssal plain and why it matters to whales and krill.";
            var quiet = new PromptInputs(CallType.REPLY, "calm", List.of(), null, List.of(), List.of(), null, mention);
            var busy = new PromptInputs(
                    CallType.REPLY,
                    "calm",
                    many,
                    "You know them a little.",
                    List.of(new PromptInputs.Turn("Bo", "Krill are overrated.", false)),
                    many,
                    null,
                    mention);
            int examplesWithRoom =
                    composer.compose(persona, quiet, 1).sectionTokens().getOrDefault(PromptSection.EXAMPLES, 0);

            ComposedPrompt prompt = composer.compose(persona, busy, 1);

            Map<PromptSection, String> sections = PromptSection.read(prompt.messages());
            assertThat(PromptComposer.count(own)).isLessThanOrEqualTo(PromptComposer.OWN_PROMPT_ALLOWANCE);
            assertThat(prompt.messages().get(0).content()).startsWith(own);
            assertThat(sections.get(PromptSection.TASK)).contains("> " + mention);
            assertThat(sections).containsKeys(PromptSection.PERSONA, PromptSection.STYLE, PromptSection.MOOD);
            if (prompt.sectionTokens().getOrDefault(PromptSection.EXAMPLES, 0) < examplesWithRoom) {
                assertThat(sections)
                        .doesNotContainKeys(
                                PromptSection.RECALLED_MEMORIES,
                                PromptSection.RELATIONSHIP,
                                PromptSection.CONVERSATION);
            }
            assertThat(prompt.totalTokens()).isLessThanOrEqualTo(PromptComposer.MAX_PROMPT_TOKENS);
        }

        @Test
        void a_long_message_being_answered_is_never_cut() {
            String mention = "word ".repeat(150).strip();
            var inputs = new PromptInputs(CallType.REPLY, "calm", List.of(), null, List.of(), List.of(), null, mention);

            String task = PromptSection.read(composer.compose(ada, inputs, 1).messages())
                    .get(PromptSection.TASK);

            assertThat(task).contains("> " + mention);
        }

        @Test
        void otherwise_one_is_generated_from_the_persona() {
            assertThat(composer.compose(ada, fullReply(), 1).messages().get(0).content())
                    .startsWith("You are Ada, A test persona who loves the ocean.");
        }
    }

    @Nested
    class SamplePersonas {

        private final List<PersonaSpec> cast = new ConfigDirPersonaCatalog(
                        Path.of("config/agents"), PersonaDocuments.withSystemEnvironment())
                .listPersonas();

        @Test
        void new_posts_and_replies_stay_under_800_tokens_with_a_stable_prefix_of_at_least_60_percent() {
            assertThat(cast).isNotEmpty();
            for (PersonaSpec persona : cast) {
                for (PromptInputs inputs : List.of(newPost(), fullReply())) {
                    ComposedPrompt prompt = composer.compose(persona, inputs, 1);
                    System.out.printf(
                            Locale.ROOT,
                            "prompt-tokens persona=%s call=%s total=%d stable=%d share=%.2f%n",
                            persona.id(),
                            inputs.callType(),
                            prompt.totalTokens(),
                            prompt.stablePrefixTokens(),
                            prompt.stableShare());
                    assertThat(prompt.totalTokens()).isLessThanOrEqualTo(PromptComposer.MAX_PROMPT_TOKENS);
                    assertThat(prompt.stableShare()).as(persona.id().value()).isGreaterThanOrEqualTo(0.6);
                }
            }
        }

        @Test
        void every_sample_persona_prompt_shows_persona_style_memories_mood_and_task() {
            for (PersonaSpec persona : cast) {
                String all = String.join(
                        "\n",
                        composer.compose(persona, newPost(), 1).messages().stream()
                                .map(ChatMessage::content)
                                .toList());
                assertThat(all).contains("## Persona", "## Style guide", "## Mood", "## What you remember", "## Task");
            }
        }

        private static PromptInputs newPost() {
            return PromptInputs.newPost(
                    "curious and calm",
                    List.of("Read about a new deep-sea species.", "Had a long talk with a friend about the tides."),
                    List.of("Low tide is nature's open house.", "Bioluminescence is the ocean showing off."));
        }
    }
}
