package dev.puppetengine.llm.offline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.puppetengine.llm.CallSampling;
import dev.puppetengine.llm.CallType;
import dev.puppetengine.llm.ChatMessage;
import dev.puppetengine.llm.GenerationRequest;
import dev.puppetengine.llm.MemoryUpdate;
import dev.puppetengine.llm.OutputPolicy;
import dev.puppetengine.llm.PolicyContext;
import dev.puppetengine.llm.PolicyOutcome;
import dev.puppetengine.llm.PostText;
import dev.puppetengine.llm.ReactionDecision;
import dev.puppetengine.llm.Reflection;
import dev.puppetengine.llm.RelationshipUpdate;
import dev.puppetengine.llm.TestPersonas;
import dev.puppetengine.persona.PersonaSpec;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class OfflineComposerTest {

    private final OfflineComposer composer = new OfflineComposer();

    private static GenerationRequest request(PersonaSpec persona, CallType type, String userText, long seed) {
        return new GenerationRequest(
                persona,
                type,
                List.of(ChatMessage.system("You are " + persona.name() + "."), ChatMessage.user(userText)),
                CallSampling.defaultFor(type),
                seed);
    }

    private static GenerationRequest newPost(PersonaSpec persona, long seed) {
        return request(
                persona, CallType.NEW_POST, "## Mood\nYou feel restless and upbeat.\n\n## Task\nWrite a post.", seed);
    }

    private List<String> posts(PersonaSpec persona, int count) {
        return LongStream.range(0, count)
                .mapToObj(seed -> composer.generate(newPost(persona, seed)).text())
                .toList();
    }

    @Test
    void says_it_is_not_a_language_model() {
        assertThat(composer.isLlm()).isFalse();
        assertThat(composer.name()).isEqualTo("offline");
    }

    @Nested
    class Posts {

        @Test
        void the_same_seed_gives_the_same_post() {
            PersonaSpec persona = TestPersonas.persona("ada").build();
            assertThat(composer.generate(newPost(persona, 42)).text())
                    .isEqualTo(composer.generate(newPost(persona, 42)).text());
        }

        @Test
        void different_seeds_give_varied_posts() {
            List<String> posts = posts(TestPersonas.persona("ada").build(), 60);
            assertThat(new HashSet<>(posts)).hasSizeGreaterThan(45);
        }

        @Test
        void every_post_is_built_from_the_personas_own_material() {
            PersonaSpec persona = TestPersonas.persona("ada").build();
            List<String> material = List.of(
                    "deep sea creatures",
                    "tide pools",
                    "marine biology",
                    "bioluminescence",
                    "abyssal plain",
                    "curious",
                    "dry-witted",
                    "restless and upbeat",
                    "anglerfish",
                    "low tide");
            assertThat(posts(persona, 40))
                    .allSatisfy(post -> assertThat(material)
                            .anySatisfy(m ->
                                    assertThat(post.toLowerCase(Locale.ROOT)).contains(m)));
        }

        @Test
        void the_mood_words_of_the_prompt_show_up_in_some_posts() {
            assertThat(posts(TestPersonas.persona("ada").build(), 40))
                    .anySatisfy(post -> assertThat(post).contains("restless and upbeat"));
        }

        @Test
        void a_topic_in_the_task_is_talked_about() {
            PersonaSpec persona = TestPersonas.persona("ada").build();
            String text = composer.generate(request(
                            persona,
                            CallType.NEW_POST,
                            "## Task\nWrite a post about this news.\nTopic: coral spawning season",
                            7))
                    .text();
            assertThat(text).containsIgnoringCase("coral spawning season");
        }

        @Test
        void a_lowercase_persona_never_uses_capitals() {
            PersonaSpec persona = TestPersonas.persona("lo").lowercase().build();
            assertThat(posts(persona, 40))
                    .allSatisfy(post -> assertThat(post).isEqualTo(post.toLowerCase(Locale.ROOT)));
        }

        @Test
        void a_persona_without_emojis_or_hashtags_gets_none() {
            PersonaSpec persona = TestPersonas.persona("plain").build();
            assertThat(posts(persona, 40)).allSatisfy(post -> {
                assertThat(PostText.containsEmoji(post)).as(post).isFalse();
                assertThat(PostText.hashtags(post)).as(post).isEmpty();
            });
        }

        @Test
        void a_persona_with_emojis_and_hashtags_uses_them_sometimes() {
            PersonaSpec persona = TestPersonas.persona("loud")
                    .hashtags(true)
                    .emojis(true, "high")
                    .build();
            List<String> posts = posts(persona, 40);
            assertThat(posts)
                    .anySatisfy(post -> assertThat(PostText.containsEmoji(post)).isTrue());
            assertThat(posts)
                    .anySatisfy(post -> assertThat(PostText.hashtags(post)).isNotEmpty());
        }

        @Test
        void stripping_rules_win_over_the_formatting_flags() {
            PersonaSpec persona = TestPersonas.persona("strict")
                    .hashtags(true)
                    .emojis(true, "high")
                    .strip(true, true)
                    .build();
            assertThat(posts(persona, 40)).allSatisfy(post -> {
                assertThat(PostText.containsEmoji(post)).isFalse();
                assertThat(PostText.hashtags(post)).isEmpty();
            });
        }

        @Test
        void posts_fit_the_length_limits() {
            PersonaSpec roomy = TestPersonas.persona("roomy").lengths(400, null).build();
            PersonaSpec tight = TestPersonas.persona("tight").lengths(80, 90).build();
            assertThat(posts(roomy, 40))
                    .allSatisfy(
                            post -> assertThat(PostText.weightedLength(post)).isBetween(1, 280));
            assertThat(posts(tight, 40))
                    .allSatisfy(
                            post -> assertThat(PostText.weightedLength(post)).isBetween(1, 90));
        }

        @Test
        void avoided_terms_never_appear() {
            PersonaSpec persona = TestPersonas.persona("careful")
                    .avoidTerms(List.of("bioluminescence", "obsessed"))
                    .bannedPhrases(List.of("hot take"))
                    .build();
            assertThat(posts(persona, 60))
                    .allSatisfy(post -> assertThat(post.toLowerCase(Locale.ROOT))
                            .doesNotContain("bioluminescence")
                            .doesNotContain("hot take"));
        }

        @Test
        void every_post_passes_the_output_policy_unchanged() {
            var policy = new OutputPolicy(null);
            for (PersonaSpec persona : List.of(
                    TestPersonas.persona("ada").build(),
                    TestPersonas.persona("loud")
                            .hashtags(true)
                            .emojis(true, "high")
                            .build(),
                    TestPersonas.persona("lo").lowercase().avoidHyphens(true).build())) {
                for (String post : posts(persona, 50)) {
                    assertThat(policy.apply(persona, post, PolicyContext.NONE))
                            .as(post)
                            .isEqualTo(new PolicyOutcome.Accepted(post));
                }
            }
        }

        @Test
        void a_persona_with_no_material_still_gets_a_post() {
            PersonaSpec persona = TestPersonas.persona("blank")
                    .interests(List.of())
                    .keyTerms(List.of())
                    .traits(List.of())
                    .examplePosts(List.of())
                    .build();
            assertThat(posts(persona, 10)).allSatisfy(post -> assertThat(post).isNotBlank());
        }
    }

    @Nested
    class Replies {

        @Test
        void a_reply_picks_up_what_it_answers() {
            PersonaSpec persona = TestPersonas.persona("ada").build();
            Set<String> replies = new HashSet<>();
            for (long seed = 0; seed < 30; seed++) {
                replies.add(composer.generate(request(
                                persona,
                                CallType.REPLY,
                                "## Conversation\nbob: have you ever seen a giant isopod up close?\n\n## Task\nReply.",
                                seed))
                        .text());
            }
            assertThat(replies).hasSizeGreaterThan(10);
            assertThat(replies).anySatisfy(reply -> assertThat(reply).containsIgnoringCase("giant isopod"));
            assertThat(replies)
                    .as("what it answers is taken up as a question, never with approval")
                    .filteredOn(
                            reply -> reply.toLowerCase(java.util.Locale.ROOT).contains("giant isopod"))
                    .allSatisfy(reply -> assertThat(reply.toLowerCase(java.util.Locale.ROOT))
                            .doesNotContain("love", "agree", "deserves", "exactly", "thanks for this"));
            assertThat(replies)
                    .allSatisfy(reply -> assertThat(PostText.mentions(reply)).isEmpty());
        }

        @Test
        void a_reply_does_not_repeat_a_recent_post_its_prompt_lists() {
            PersonaSpec persona = TestPersonas.persona("ada").build();
            String ask = "## Conversation\nbob: any news on the tide pools?\n\n## Task\nReply.";
            for (long seed = 0; seed < 20; seed++) {
                String first = composer.generate(request(persona, CallType.REPLY, ask, seed))
                        .text();
                String again = composer.generate(request(
                                persona,
                                CallType.REPLY,
                                "## Your recent posts\nDo not repeat these or their openings:\n- " + first + "\n\n"
                                        + ask,
                                seed))
                        .text();
                assertThat(PostText.repetition(again, List.of(first))).as(again).isNull();
            }
        }

        @Test
        void after_a_rejected_draft_a_reply_says_more() {
            PersonaSpec persona = TestPersonas.persona("ada").build();
            String ask = "## Conversation\nbob: any news on the tide pools?\n\n## Task\nReply.";
            String rejected = dev.puppetengine.llm.PostDrafter.REJECTED_DRAFT + " (identical to a recent post).";
            double plain = LongStream.range(0, 40)
                    .mapToInt(seed -> composer.generate(request(persona, CallType.REPLY, ask, seed))
                            .text()
                            .length())
                    .average()
                    .orElseThrow();
            double retried = LongStream.range(0, 40)
                    .mapToInt(seed -> composer.generate(new GenerationRequest(
                                    persona,
                                    CallType.REPLY,
                                    List.of(ChatMessage.user(ask), ChatMessage.user(rejected)),
                                    CallSampling.defaultFor(CallType.REPLY),
                                    seed))
                            .text()
                            .length())
                    .average()
                    .orElseThrow();
            assertThat(retried).isGreaterThan(plain * 1.3);
        }
    }

    @Nested
    class Decisions {

        private final PersonaSpec persona = TestPersonas.persona("ada").build();

        @Test
        void a_post_on_its_interests_gets_a_reaction() {
            var decision = composer.generateStructured(
                            request(
                                    persona,
                                    CallType.REACTION_DECISION,
                                    "## Task\nDecide.\n> new footage of deep sea creatures near a vent",
                                    3),
                            ReactionDecision.class)
                    .value();
            assertThat(decision.action())
                    .isIn(ReactionDecision.Action.REPLY, ReactionDecision.Action.QUOTE, ReactionDecision.Action.LIKE);
            assertThat(decision.reason()).contains("deep sea creatures");
        }

        @Test
        void a_post_off_its_interests_is_liked_or_ignored() {
            for (long seed = 0; seed < 10; seed++) {
                var decision = composer.generateStructured(
                                request(
                                        persona,
                                        CallType.REACTION_DECISION,
                                        "## Task\n> quarterly tax filing tips",
                                        seed),
                                ReactionDecision.class)
                        .value();
                assertThat(decision.action()).isIn(ReactionDecision.Action.LIKE, ReactionDecision.Action.IGNORE);
            }
        }

        @Test
        void a_memory_update_remembers_the_news_within_range() {
            var update = composer.generateStructured(
                            request(
                                    persona,
                                    CallType.MEMORY_UPDATE,
                                    "## Task\n> Amazing breakthrough: marine biology team maps the abyssal plain",
                                    1),
                            MemoryUpdate.class)
                    .value();
            assertThat(update.memory()).contains("abyssal plain");
            assertThat(update.importance()).isGreaterThan(0.6);
            assertThat(update.valenceShift()).isPositive().isLessThanOrEqualTo(0.5);
            assertThat(update.arousalShift()).isBetween(-0.5, 0.5);
        }

        @Test
        void a_hostile_message_lowers_sentiment() {
            var update = composer.generateStructured(
                            request(
                                    persona,
                                    CallType.RELATIONSHIP_UPDATE,
                                    "## Conversation\nbob: this is a stupid scam and you are wrong",
                                    1),
                            RelationshipUpdate.class)
                    .value();
            assertThat(update.sentimentDelta()).isNegative().isGreaterThanOrEqualTo(-0.2);
            assertThat(update.familiarityDelta()).isBetween(0.0, 0.1);
        }

        @Test
        void a_reflection_summarises_recalled_memories() {
            var reflection = composer.generateStructured(
                            request(
                                    persona,
                                    CallType.REFLECTION,
                                    "## What you remember\n- saw a nautilus\n- argued about krill\n\n## Task\nReflect.",
                                    1),
                            Reflection.class)
                    .value();
            assertThat(reflection.summaries()).hasSizeBetween(1, 3);
            assertThat(String.join(" ", reflection.summaries())).contains("saw a nautilus");
        }

        @Test
        void generate_for_a_decision_call_returns_json() {
            String text = composer.generate(request(persona, CallType.REACTION_DECISION, "## Task\n> tide pools", 1))
                    .text();
            assertThat(text).startsWith("{").contains("\"action\"");
        }

        @Test
        void an_unknown_record_type_is_refused() {
            record Unknown(String x) {}
            assertThatThrownBy(() ->
                            composer.generateStructured(request(persona, CallType.REFLECTION, "x", 1), Unknown.class))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }
}
