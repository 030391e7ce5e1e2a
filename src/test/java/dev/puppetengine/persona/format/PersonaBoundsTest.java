package dev.puppetengine.persona.format;

import static org.assertj.core.api.Assertions.assertThat;

import dev.puppetengine.persona.PersonaProblem;
import dev.puppetengine.persona.PersonaSpec;
import dev.puppetengine.persona.format.PersonaDocuments.FileResult;
import dev.puppetengine.persona.format.PersonaDocuments.Syntax;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every value of a persona file is bounded: over a maximum is a located, one-line problem, never a later failure. */
class PersonaBoundsTest {

    private final PersonaDocuments documents = new PersonaDocuments(Map.<String, String>of()::get);

    private FileResult json(String content) {
        return documents.read(content, Syntax.JSON, "p.json", "p.json");
    }

    private static List<String> lines(FileResult result) {
        return result.problems().stream().map(PersonaProblem::describe).toList();
    }

    private static String quoted(String text) {
        return "\"" + text + "\"";
    }

    private static String list(int size, String item) {
        return IntStream.range(0, size).mapToObj(i -> quoted(item + i)).collect(Collectors.joining(",", "[", "]"));
    }

    @Nested
    class Over_a_maximum {

        static Stream<Arguments> cases() {
            return Stream.of(
                    Arguments.of(
                            "{\"id\": \"p\", \"name\": " + quoted("n".repeat(129)) + "}",
                            "p.json: /name: must be at most 100 characters (got 129)"),
                    Arguments.of(
                            "{\"id\": \"p\", \"description\": " + quoted("d".repeat(10_001)) + "}",
                            "p.json: /description: must be at most 10000 characters (got 10001)"),
                    Arguments.of(
                            "{\"id\": \"p\", \"custom_system_prompt\": " + quoted("s".repeat(20_001)) + "}",
                            "p.json: /custom_system_prompt: must be at most 20000 characters (got 20001)"),
                    Arguments.of(
                            "{\"id\": \"p\", \"llm_provider\": " + quoted("o".repeat(65)) + "}",
                            "p.json: /llm_provider: must be at most 64 characters (got 65)"),
                    Arguments.of(
                            "{\"id\": \"p\", \"llm_config\": {\"model\": " + quoted("m".repeat(101)) + "}}",
                            "p.json: /llm_config/model: must be at most 100 characters (got 101)"),
                    Arguments.of(
                            "{\"id\": \"p\", \"personality\": {\"traits\": [" + quoted("t".repeat(2_001)) + "]}}",
                            "p.json: /personality/traits/0: must be at most 2000 characters (got 2001)"),
                    Arguments.of(
                            "{\"id\": \"p\", \"personality\": {\"interests\": " + list(1_001, "i") + "}}",
                            "p.json: /personality/interests: must have at most 1000 items (got 1001)"),
                    Arguments.of(
                            "{\"id\": \"p\", \"rotating_system_prompts\": " + list(101, "r") + "}",
                            "p.json: /rotating_system_prompts: must have at most 100 items (got 101)"),
                    Arguments.of(
                            "{\"id\": \"p\", \"initial_memory\": {\"relationships\": {" + quoted("k".repeat(65))
                                    + ": {\"trust\": 0.5}}}}",
                            "p.json: /initial_memory/relationships/" + "k".repeat(65)
                                    + ": relationship key must be at most 64 characters (got 65)"),
                    Arguments.of(
                            "{\"id\": \"p\", \"initial_memory\": {\"relationships\": {\"\": {\"trust\": 0.5}}}}",
                            "p.json: /initial_memory/relationships/: relationship key must not be empty: the key is"
                                    + " the counterpart's id"),
                    Arguments.of(
                            "{\"id\": \"p\", \"initial_memory\": {\"core_memories\": [" + quoted("c".repeat(10_001))
                                    + "]}}",
                            "p.json: /initial_memory/core_memories/0: must be at most 10000 characters (got 10001)"),
                    Arguments.of(
                            "{\"id\": \"p\", \"behavior\": {\"trading_behavior\": {\"note\": "
                                    + quoted("x".repeat(10_001)) + "}}}",
                            "p.json: /behavior/trading_behavior/note: must be at most 10000 characters (got 10001)"));
        }

        @ParameterizedTest
        @MethodSource("cases")
        void is_one_located_problem_and_the_file_is_invalid(String document, String expected) {
            FileResult result = json(document);

            assertThat(result.valid()).isFalse();
            assertThat(lines(result)).containsExactly(expected);
        }

        @Test
        void an_emoji_counts_two_as_in_the_database() {
            assertThat(json("{\"id\": \"p\", \"name\": " + quoted("\uD83D\uDE00".repeat(50)) + "}")
                            .valid())
                    .isTrue();
            assertThat(lines(json("{\"id\": \"p\", \"name\": " + quoted("\uD83D\uDE00".repeat(51)) + "}")))
                    .containsExactly("p.json: /name: must be at most 100 characters (got 102)");
        }

        @Test
        void loads_values_at_the_maximum() {
            PersonaSpec persona = PersonaDocumentsTest.requireValid(json("{\"id\": \"p\", \"name\": "
                    + quoted("n".repeat(100)) + ", \"custom_system_prompt\": " + quoted("s".repeat(20_000))
                    + ", \"personality\": {\"interests\": " + list(1_000, "i") + "}}"));

            assertThat(persona.name()).hasSize(100);
            assertThat(persona.customSystemPrompt()).hasSize(20_000);
            assertThat(persona.personality().interests()).hasSize(1_000);
        }
    }

    @Nested
    class Numbers {

        static Stream<Arguments> cases() {
            return Stream.of(
                    Arguments.of(
                            "\"behavior\": {\"post_frequency\": {\"max_hours_between_posts\": 1e308}}",
                            "/behavior/post_frequency/max_hours_between_posts: must be a number from 0 to 720, got"
                                    + " 1e308"),
                    Arguments.of(
                            "\"behavior\": {\"post_frequency\": {\"min_hours_between_posts\": 1e400}}",
                            "/behavior/post_frequency/min_hours_between_posts: must be a number from 0 to 720, got"
                                    + " 1e400"),
                    Arguments.of(
                            "\"behavior\": {\"post_frequency\": {\"max_hours_between_posts\": 721}}",
                            "/behavior/post_frequency/max_hours_between_posts: must be a number from 0 to 720, got"
                                    + " 721"),
                    Arguments.of(
                            "\"llm_config\": {\"max_tokens\": 1e308}",
                            "/llm_config/max_tokens: must be a whole number from 1 to 100000, got 1e308"),
                    Arguments.of(
                            "\"llm_config\": {\"max_tokens\": 99999999999999999999}",
                            "/llm_config/max_tokens: must be a whole number from 1 to 100000, got"
                                    + " 99999999999999999999"),
                    Arguments.of(
                            "\"llm_config\": {\"max_tokens\": \"100\"}",
                            "/llm_config/max_tokens: must be a whole number from 1 to 100000, got a string"),
                    Arguments.of(
                            "\"llm_config\": {\"temperature\": 2.5}",
                            "/llm_config/temperature: must be a number from 0 to 2, got 2.5"),
                    Arguments.of(
                            "\"behavior\": {\"content_preferences\": {\"max_thread_length\": 2.5}}",
                            "/behavior/content_preferences/max_thread_length: must be a whole number from 1 to 25,"
                                    + " got 2.5"),
                    Arguments.of(
                            "\"behavior\": {\"content_preferences\": {\"typical_post_length\": 0}}",
                            "/behavior/content_preferences/typical_post_length: must be a whole number from 1 to"
                                    + " 25000, got 0"),
                    Arguments.of(
                            "\"post_processing\": {\"max_regenerations\": 6}",
                            "/post_processing/max_regenerations: must be a whole number from 0 to 5, got 6"),
                    Arguments.of(
                            "\"initial_memory\": {\"relationships\": {\"marlow\": {\"sentiment\": -1.5}}}",
                            "/initial_memory/relationships/marlow/sentiment: must be a number from -1 to 1, got -1.5"),
                    Arguments.of(
                            "\"behavior\": {\"post_frequency\": {\"peak_posting_hours\": " + list(25, "") + "}}",
                            "/behavior/post_frequency/peak_posting_hours: must have at most 24 items (got 25)"),
                    Arguments.of(
                            "\"behavior\": {\"trading_behavior\": {\"max_trade\": 1e400}}",
                            "/behavior/trading_behavior/max_trade: must be a finite number, got 1e400"));
        }

        @ParameterizedTest
        @MethodSource("cases")
        void out_of_range_is_one_clear_problem(String keys, String expected) {
            assertThat(lines(json("{\"id\": \"p\", " + keys + "}"))).containsExactly("p.json: " + expected);
        }

        @Test
        void a_whole_number_written_with_a_zero_fraction_is_that_number() {
            PersonaSpec persona = PersonaDocumentsTest.requireValid(
                    json("{\"id\": \"p\", \"behavior\": {\"content_preferences\": {\"typical_post_length\": 120.0}}}"));

            assertThat(persona.behaviour().contentPreferences().typicalPostLength())
                    .isEqualTo(120);
        }

        @Test
        void keeps_decimals_of_the_trading_blocks_as_doubles() {
            PersonaSpec persona = PersonaDocumentsTest.requireValid(
                    json("{\"id\": \"p\", \"behavior\": {\"trading_behavior\": {\"risk\": 0.25, \"max\": 5}}}"));

            assertThat(persona.behaviour().tradingBehavior())
                    .containsEntry("risk", 0.25)
                    .containsEntry("max", 5L);
        }
    }

    @Nested
    class Characters {

        static Stream<Arguments> cases() {
            return Stream.of(
                    Arguments.of(
                            "\"name\": \"ab\\u0000c\"",
                            "/name: must not contain control characters (found \\u0000 at character 3)"),
                    Arguments.of("\"name\": \"line\\nbreak\"", "/name: must be one line (found \\n at character 5)"),
                    Arguments.of(
                            "\"name\": \"rtl\\u202Eevil\"",
                            "/name: must not contain line separators or bidirectional controls (found \\u202e at"
                                    + " character 4)"),
                    Arguments.of(
                            "\"description\": \"\\u001b[31mred\"",
                            "/description: must not contain control characters (found \\u001b at character 1)"),
                    Arguments.of(
                            "\"description\": \"x\\ud800y\"",
                            "/description: must not contain a lone surrogate (\\ud800 at character 2)"),
                    Arguments.of(
                            "\"personality\": {\"traits\": [\"ok\", \"nul\\u0000\"]}",
                            "/personality/traits/1: must not contain control characters (found \\u0000 at"
                                    + " character 4)"));
        }

        @ParameterizedTest
        @MethodSource("cases")
        void control_characters_and_lone_surrogates_are_problems(String keys, String expected) {
            assertThat(lines(json("{\"id\": \"p\", " + keys + "}"))).containsExactly("p.json: " + expected);
        }

        @Test
        void long_text_keeps_its_line_breaks_and_tabs() {
            PersonaSpec persona = PersonaDocumentsTest.requireValid(json(
                    "{\"id\": \"p\", \"description\": \"one\\ntwo\\tthree\", \"custom_system_prompt\": \"a\\r\\nb\"}"));

            assertThat(persona.description()).isEqualTo("one\ntwo\tthree");
            assertThat(persona.customSystemPrompt()).isEqualTo("a\r\nb");
        }
    }

    @Nested
    class Messages {

        @Test
        void an_id_with_a_newline_cannot_print_a_second_line() {
            List<String> lines = lines(json("{\"id\": \"evil\\np.json: valid (persona evil)\", \"name\": \"x\\ny\"}"));

            assertThat(lines).hasSize(2).allSatisfy(line -> assertThat(line).doesNotContain("\n", "\r"));
            assertThat(lines.getFirst())
                    .startsWith("p.json: /id: 'evil\\np.json: valid (persona evil)' is not a valid id");
        }

        @Test
        void a_three_million_character_id_is_cut() {
            List<String> lines = lines(json("{\"id\": " + quoted("A".repeat(3_000_000)) + "}"));

            assertThat(lines).singleElement().asString().hasSizeLessThan(300).contains("A…' is not a valid id");
        }

        @Test
        void an_unknown_key_full_of_escape_sequences_is_escaped_and_cut() {
            List<String> lines = lines(json("{\"id\": \"p\", " + quoted("\\u001b[2J" + "k".repeat(500)) + ": 1}"));

            assertThat(lines)
                    .singleElement()
                    .asString()
                    .startsWith("p.json: /\\u001b[2Jkkk")
                    .endsWith("k…: warning: unknown key, ignored")
                    .doesNotContain("\u001b");
        }

        @Test
        void a_file_name_with_control_characters_is_escaped() {
            FileResult result = documents.read("{\"id\": 5}", Syntax.JSON, "dir/a\u001b]0;x\u0007.json", "a.json");

            assertThat(lines(result))
                    .containsExactly("dir/a\\u001b]0;x\\u0007.json: /id: must be a string, not a number");
        }
    }
}
