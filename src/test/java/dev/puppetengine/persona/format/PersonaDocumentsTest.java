package dev.puppetengine.persona.format;

import static org.assertj.core.api.Assertions.assertThat;

import dev.puppetengine.persona.PersonaProblem;
import dev.puppetengine.persona.PersonaSpec;
import dev.puppetengine.persona.PersonaSpec.OAuth1Credentials;
import dev.puppetengine.persona.PersonaSpec.OAuth2Credentials;
import dev.puppetengine.persona.Secret;
import dev.puppetengine.persona.format.PersonaDocuments.FileResult;
import dev.puppetengine.persona.format.PersonaDocuments.Syntax;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PersonaDocumentsTest {

    private static final Map<String, String> ENVIRONMENT = Map.of(
            "X_KEY", "key-value",
            "X_KEY_SECRET", "key-secret-value",
            "X_TOKEN", "token-value",
            "X_TOKEN_SECRET", "token-secret-value",
            "X_REFRESH", "refresh-value");

    private final PersonaDocuments documents = new PersonaDocuments(ENVIRONMENT::get);

    private FileResult json(String content) {
        return documents.read(content, Syntax.JSON, "p.json", "p.json");
    }

    private PersonaSpec persona(String content) {
        return requireValid(json(content));
    }

    static PersonaSpec requireValid(FileResult result) {
        PersonaSpec persona = result.persona();
        if (persona == null) {
            throw new AssertionError("expected a valid persona, got " + lines(result));
        }
        return persona;
    }

    private static List<String> lines(FileResult result) {
        return result.problems().stream().map(PersonaProblem::describe).toList();
    }

    @Nested
    class A_directory_with_one_file_per_problem_kind {

        @TempDir
        Path dir;

        static Stream<Arguments> problemKinds() {
            return Stream.of(
                    Arguments.of(
                            "wrong-type.json",
                            "{\"id\": \"wrong-type\", \"name\": 42}",
                            "/name: must be a string, not a number"),
                    Arguments.of(
                            "probability.json",
                            "{\"id\": \"probability\", \"behavior\": {\"interaction_patterns\": {\"reply_probability\": 1.5}}}",
                            "/behavior/interaction_patterns/reply_probability: must be a number from 0 to 1, got 1.5"),
                    Arguments.of(
                            "negative-hours.json",
                            "{\"id\": \"negative-hours\", \"behavior\": {\"post_frequency\": {\"min_hours_between_posts\": -2}}}",
                            "/behavior/post_frequency/min_hours_between_posts: must be a number from 0 to 720, got -2"),
                    Arguments.of(
                            "min-over-max.json",
                            "{\"id\": \"min-over-max\", \"behavior\": {\"post_frequency\": "
                                    + "{\"min_hours_between_posts\": 8, \"max_hours_between_posts\": 4}}}",
                            "/behavior/post_frequency/min_hours_between_posts: min_hours_between_posts (8) must not"
                                    + " exceed max_hours_between_posts (4)"),
                    Arguments.of(
                            "peak-hour.json",
                            "{\"id\": \"peak-hour\", \"behavior\": {\"post_frequency\": {\"peak_posting_hours\": [9, 24]}}}",
                            "/behavior/post_frequency/peak_posting_hours/1: must be an hour from 0 to 23, not 24"),
                    Arguments.of("bad-id.json", "{\"id\": \"Bad Id!\"}", "/id: 'Bad Id!' is not a valid id"),
                    Arguments.of(
                            "duplicate.json", "{\"id\": \"valid\"}", "/id: duplicate id 'valid', already used by "),
                    Arguments.of(
                            "malformed.json",
                            "{\n  \"id\": \"malformed\",\n  \"name\": \"x\"\n  \"description\": \"y\"\n}",
                            "malformed JSON at line 4, column 3: "),
                    Arguments.of(
                            "malformed.yaml",
                            "id: malformed-yaml\nname: [unclosed\ndescription: x\n",
                            "malformed YAML at line "),
                    Arguments.of(
                            "missing-env.json",
                            "{\"id\": \"missing-env\", \"twitter_credentials\": {\"apiKey\": \"${NOT_SET_ANYWHERE}\","
                                    + " \"apiKeySecret\": \"${X_KEY_SECRET}\", \"accessToken\": \"${X_TOKEN}\","
                                    + " \"accessTokenSecret\": \"${X_TOKEN_SECRET}\"}}",
                            "/twitter_credentials/apiKey: environment variable NOT_SET_ANYWHERE is not set"),
                    Arguments.of(
                            "timezone.json",
                            "{\"id\": \"timezone\", \"behavior\": {\"post_frequency\": {\"timezone\": \"Mars/Olympus\"}}}",
                            "/behavior/post_frequency/timezone: unknown timezone 'Mars/Olympus'"));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("problemKinds")
        void reports_the_problem_with_file_pointer_and_reason_and_skips_the_file(
                String fileName, String content, String expected) throws IOException {
            Files.writeString(dir.resolve("a-valid.json"), "{\"id\": \"valid\", \"surprise\": true}");
            Files.writeString(dir.resolve(fileName), content);

            PersonaDocuments.DirectoryResult result = documents.readDirectory(dir);

            FileResult bad = result.files().stream()
                    .filter(f -> f.file().endsWith(fileName))
                    .findFirst()
                    .orElseThrow();
            assertThat(bad.valid()).isFalse();
            assertThat(lines(bad))
                    .anySatisfy(line -> assertThat(line).startsWith(dir.resolve(fileName) + ": " + expected));
            assertThat(result.personas()).extracting(p -> p.id().value()).containsExactly("valid");
        }

        @Test
        void lists_the_valid_file_as_valid_with_its_unknown_key_as_a_warning() throws IOException {
            Files.writeString(dir.resolve("a-valid.json"), "{\"id\": \"valid\", \"surprise\": true}");

            FileResult valid = documents.readDirectory(dir).files().getFirst();

            assertThat(valid.valid()).isTrue();
            assertThat(lines(valid))
                    .containsExactly(dir.resolve("a-valid.json") + ": /surprise: warning: unknown key, ignored");
        }

        @Test
        void reports_every_problem_of_a_file_not_only_the_first() throws IOException {
            Files.writeString(
                    dir.resolve("many.json"),
                    "{\"id\": \"many\", \"is_active\": \"yes\", \"behavior\": "
                            + "{\"interaction_patterns\": {\"like_probability\": -0.1}, \"post_frequency\": {\"timezone\": 5}}}");

            FileResult many = documents.readDirectory(dir).files().getFirst();

            assertThat(lines(many))
                    .containsExactlyInAnyOrder(
                            dir.resolve("many.json") + ": /is_active: must be true or false, not a string",
                            dir.resolve("many.json")
                                    + ": /behavior/interaction_patterns/like_probability: must be a number from 0 to 1, got -0.1",
                            dir.resolve("many.json")
                                    + ": /behavior/post_frequency/timezone: must be a string, not a number");
        }
    }

    @Nested
    class Values {

        @Test
        void keeps_an_explicit_zero_false_and_empty_string() {
            PersonaSpec persona = persona("""
                    {"id": "zeros", "name": "", "is_active": false,
                     "behavior": {"post_frequency": {"min_hours_between_posts": 0},
                                  "interaction_patterns": {"reply_probability": 0, "quote_tweet_probability": 0,
                                                           "like_probability": 0},
                                  "content_preferences": {"link_sharing_frequency": 0}},
                     "post_processing": {"max_regenerations": 0}}
                    """);

            assertThat(persona.name()).isEmpty();
            assertThat(persona.active()).isFalse();
            assertThat(persona.behaviour().postFrequency().minHoursBetweenPosts())
                    .isZero();
            assertThat(persona.behaviour().interactionPatterns().replyProbability())
                    .isZero();
            assertThat(persona.behaviour().interactionPatterns().quoteTweetProbability())
                    .isZero();
            assertThat(persona.behaviour().interactionPatterns().likeProbability())
                    .isZero();
            assertThat(persona.behaviour().contentPreferences().linkSharingFrequency())
                    .isZero();
            assertThat(persona.postProcessing().maxRegenerations()).isZero();
        }

        @Test
        void reads_the_approval_mode_off_by_default_in_json_and_yaml() {
            assertThat(persona("{\"id\": \"plain\"}").approval()).isEqualTo(PersonaSpec.Approval.OFF);
            assertThat(persona("{\"id\": \"gated\", \"approval\": \"replies\"}").approval())
                    .isEqualTo(PersonaSpec.Approval.REPLIES);
            FileResult yaml = documents.read("id: gated\napproval: all\n", Syntax.YAML, "p.yaml", "p.yaml");
            assertThat(requireValid(yaml).approval()).isEqualTo(PersonaSpec.Approval.ALL);
        }

        @Test
        void a_bad_approval_mode_is_a_problem_at_its_pointer() {
            assertThat(lines(json("{\"id\": \"gated\", \"approval\": \"sometimes\"}")))
                    .containsExactly("p.json: /approval: must be one of off, replies, all, not 'sometimes'");
            assertThat(lines(json("{\"id\": \"gated\", \"approval\": true}")))
                    .containsExactly("p.json: /approval: must be one of off, replies, all, not true");
        }

        @Test
        void accepts_camel_case_aliases() {
            PersonaSpec persona = persona("""
                    {"id": "camel", "customSystemPrompt": "prompt", "isActive": false,
                     "behavior": {"postFrequency": {"minHoursBetweenPosts": 1, "maxHoursBetweenPosts": 2,
                                                    "peakPostingHours": [7]}}}
                    """);

            assertThat(persona.customSystemPrompt()).isEqualTo("prompt");
            assertThat(persona.active()).isFalse();
            assertThat(persona.behaviour().postFrequency().maxHoursBetweenPosts())
                    .isEqualTo(2);
            assertThat(persona.behaviour().postFrequency().peakPostingHours()).containsExactly(7);
        }

        @Test
        void resolves_oauth1_credential_references_from_the_environment_and_keeps_the_reference() {
            PersonaSpec persona = persona("""
                    {"id": "creds", "twitter_credentials": {"apiKey": "${X_KEY}", "apiKeySecret": "${X_KEY_SECRET}",
                      "accessToken": "${X_TOKEN}", "accessTokenSecret": "literal-secret"}}
                    """);

            OAuth1Credentials credentials = (OAuth1Credentials) Objects.requireNonNull(persona.twitterCredentials());
            assertThat(credentials.apiKey()).isEqualTo(new Secret("${X_KEY}", "key-value"));
            assertThat(credentials.accessTokenSecret().value()).isEqualTo("literal-secret");
            assertThat(credentials.toString()).doesNotContain("literal-secret", "token-value");
        }

        @Test
        void reads_oauth2_credentials() {
            PersonaSpec persona = persona("""
                    {"id": "oauth2", "twitter_credentials": {"client_id": "client", "refresh_token": "${X_REFRESH}"}}
                    """);

            assertThat(persona.twitterCredentials())
                    .isEqualTo(new OAuth2Credentials("client", new Secret("${X_REFRESH}", "refresh-value")));
        }

        @Test
        void reports_missing_credential_fields() {
            assertThat(lines(json("{\"id\": \"half\", \"twitter_credentials\": {\"apiKey\": \"${X_KEY}\"}}")))
                    .containsExactly(
                            "p.json: /twitter_credentials/apiKeySecret: required",
                            "p.json: /twitter_credentials/accessToken: required",
                            "p.json: /twitter_credentials/accessTokenSecret: required");
        }

        @Test
        void treats_an_empty_credentials_object_as_none() {
            assertThat(persona("{\"id\": \"none\", \"twitter_credentials\": {}}")
                            .twitterCredentials())
                    .isNull();
        }

        @Test
        void treats_credentials_that_are_all_empty_strings_as_none_with_a_warning() {
            FileResult result = json("{\"id\": \"blank\", \"twitter_credentials\": {\"apiKey\": \"\","
                    + " \"apiKeySecret\": \"\", \"accessToken\": \"\", \"accessTokenSecret\": \"\"}}");

            assertThat(requireValid(result).twitterCredentials()).isNull();
            assertThat(lines(result))
                    .containsExactly("p.json: /twitter_credentials: warning: empty credentials, the persona has none"
                            + " of its own");
        }

        @Test
        void treats_empty_oauth2_credentials_and_missing_keys_as_none() {
            assertThat(requireValid(json("{\"id\": \"o2\", \"twitter_credentials\": {\"client_id\": \"\","
                                    + " \"refresh_token\": \"\"}}"))
                            .twitterCredentials())
                    .isNull();
            assertThat(requireValid(json("{\"id\": \"one\", \"twitter_credentials\": {\"apiKey\": \"\"}}"))
                            .twitterCredentials())
                    .isNull();
        }

        @Test
        void reports_an_empty_secret_in_a_partly_filled_set_naming_the_key() {
            assertThat(lines(json("{\"id\": \"empty\", \"twitter_credentials\": {\"apiKey\": \"\","
                            + " \"apiKeySecret\": \"${X_KEY_SECRET}\", \"accessToken\": \"${X_TOKEN}\","
                            + " \"accessTokenSecret\": \"${X_TOKEN_SECRET}\"}}")))
                    .containsExactly("p.json: /twitter_credentials/apiKey: must not be empty when the other credentials"
                            + " are given (give all of them, or leave them all empty for none)");
        }

        @Test
        void loads_long_prompts_and_long_lists() {
            String prompt = "You are a very detailed persona. ".repeat(300);
            String interests = IntStream.range(0, 500)
                    .mapToObj(i -> "\"interest " + i + "\"")
                    .collect(Collectors.joining(","));
            PersonaSpec persona = persona("{\"id\": \"long\", \"custom_system_prompt\": \"" + prompt
                    + "\", \"personality\": {\"interests\": [" + interests + "]}}");

            assertThat(persona.customSystemPrompt()).hasSize(prompt.length());
            assertThat(persona.personality().interests()).hasSize(500).endsWith("interest 499");
        }

        @Test
        void reads_recent_events_as_strings_or_objects() {
            PersonaSpec persona = persona("""
                    {"id": "events", "initial_memory": {"recent_events": ["plain",
                      {"content": "dated", "timestamp": "2025-03-01T12:00:00+01:00", "importance": 0.9}]}}
                    """);

            assertThat(persona.initialMemory().recentEvents())
                    .containsExactly(
                            new PersonaSpec.SeedEvent("plain", null, 0.5),
                            new PersonaSpec.SeedEvent("dated", Instant.parse("2025-03-01T11:00:00Z"), 0.9));
        }

        @Test
        void reads_a_file_that_starts_with_a_byte_order_mark() {
            assertThat(json("\uFEFF{\"id\": \"bom\"}").valid()).isTrue();
        }

        @Test
        void reads_yaml_like_json() {
            FileResult result = documents.read(
                    "id: yaml\nbehavior:\n  post_frequency:\n    peak_posting_hours: [1, 2]\n    timezone: Asia/Tokyo\n",
                    Syntax.YAML,
                    "p.yaml",
                    "p.yaml");

            assertThat(result.problems()).isEmpty();
            assertThat(requireValid(result).behaviour().postFrequency().peakPostingHours())
                    .containsExactly(1, 2);
        }

        private FileResult yaml(String content) {
            return documents.read(content, Syntax.YAML, "p.yaml", "p.yaml");
        }

        @Test
        void resolves_yaml_aliases_to_the_anchored_values() {
            PersonaSpec persona = requireValid(yaml("""
                    id: alias
                    name: &n Nora Vance
                    description: *n
                    personality:
                      traits: &t [calm, dry]
                      values: *t
                    """));

            assertThat(persona.description()).isEqualTo("Nora Vance");
            assertThat(persona.personality().values()).containsExactly("calm", "dry");
        }

        @Test
        void merges_a_yaml_merge_key() {
            FileResult result = yaml("""
                    id: merged
                    behavior:
                      interaction_patterns: &patterns
                        reply_probability: 0.2
                        like_probability: 0.1
                    post_processing:
                      banned_phrases: [x]
                    style_guide:
                      formatting:
                        <<: &format {uses_hashtags: true, capitalization: lowercase}
                        uses_emojis: true
                    """);

            PersonaSpec persona = requireValid(result);
            assertThat(persona.styleGuide().formatting().usesHashtags()).isTrue();
            assertThat(persona.styleGuide().formatting().capitalization()).isEqualTo("lowercase");
            assertThat(persona.styleGuide().formatting().usesEmojis()).isTrue();
            assertThat(lines(result)).isEmpty();
        }

        @Test
        void reports_an_unknown_alias_and_a_list_of_merges_as_one_located_problem() {
            assertThat(lines(yaml("id: m\nname: *nope\n")))
                    .containsExactly("p.yaml: malformed YAML at line 2, column 5: invalid alias: nope");
            assertThat(lines(yaml("id: m\nstyle_guide:\n  formatting:\n    <<: [*a]\n")))
                    .singleElement()
                    .asString()
                    .startsWith("p.yaml: malformed YAML at line");
            assertThat(lines(yaml("id: m\nx: &a {p: 1}\nstyle_guide:\n  formatting:\n    <<: [*a]\n")))
                    .containsExactly("p.yaml: malformed YAML at line 5, column 5: a << merge key must name one anchored"
                            + " mapping, like <<: *defaults (lists of merges are not supported)");
        }

        @Test
        void reports_a_duplicate_key_with_its_line() {
            assertThat(lines(json("{\"id\": \"dup\",\n \"id\": \"dup2\"}")))
                    .singleElement()
                    .asString()
                    .startsWith("p.json: malformed JSON at line 2");
        }

        @Test
        void warns_about_unknown_keys_at_every_depth() {
            FileResult result = json(
                    "{\"id\": \"unknown\", \"style_guide\": {\"formatting\": {\"uses_glitter\": true}}, \"behaviour\": {}}");

            assertThat(result.valid()).isTrue();
            assertThat(lines(result))
                    .containsExactlyInAnyOrder(
                            "p.json: /style_guide/formatting/uses_glitter: warning: unknown key, ignored",
                            "p.json: /behaviour: warning: unknown key, ignored");
        }
    }
}
