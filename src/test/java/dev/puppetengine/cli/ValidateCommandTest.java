package dev.puppetengine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ValidateCommandTest {

    @TempDir
    Path dir;

    private record Outcome(int exitCode, String out, String err) {}

    private static Outcome validate(String... args) {
        PrintStream originalOut = System.out;
        PrintStream originalErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            String[] command = new String[args.length + 1];
            command[0] = "validate";
            System.arraycopy(args, 0, command, 1, args.length);
            int exitCode = PuppetCli.execute(command);
            return new Outcome(exitCode, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(originalOut);
            System.setErr(originalErr);
        }
    }

    @Test
    void passes_the_sample_personas() {
        Outcome outcome = validate("config/agents");

        assertThat(outcome.exitCode()).isZero();
        assertThat(outcome.out())
                .contains("config/agents/juniper.json: valid (persona juniper)")
                .contains("config/agents/marlow.yaml: valid (persona marlow)")
                .contains("config/agents/tess.character.json: valid (persona tess)")
                .doesNotContain("warning");
    }

    @Test
    void prints_each_problem_lists_the_valid_file_and_exits_1() throws IOException {
        Files.writeString(dir.resolve("a.json"), "{\"id\": \"a\", \"mood\": \"sunny\"}");
        Files.writeString(
                dir.resolve("b.json"),
                "{\"id\": \"b\", \"behavior\": {\"post_frequency\": "
                        + "{\"min_hours_between_posts\": 5, \"max_hours_between_posts\": 2, \"peak_posting_hours\": [25]}}}");
        Files.writeString(dir.resolve("c.yaml"), "id: c\nname: [oops\n");
        Files.writeString(dir.resolve("d.json"), "{\"id\": \"a\"}");

        Outcome outcome = validate(dir.toString());

        assertThat(outcome.exitCode()).isEqualTo(1);
        assertThat(outcome.out().lines())
                .contains(
                        dir.resolve("a.json") + ": /mood: warning: unknown key, ignored",
                        dir.resolve("a.json") + ": valid (persona a)",
                        dir.resolve("b.json") + ": /behavior/post_frequency/min_hours_between_posts:"
                                + " min_hours_between_posts (5) must not exceed max_hours_between_posts (2)",
                        dir.resolve("b.json")
                                + ": /behavior/post_frequency/peak_posting_hours/0: must be an hour from 0 to 23, not 25",
                        dir.resolve("b.json") + ": invalid",
                        dir.resolve("d.json") + ": /id: duplicate id 'a', already used by " + dir.resolve("a.json"),
                        "4 file(s): 1 valid, 3 invalid")
                .anySatisfy(line -> assertThat(line).startsWith(dir.resolve("c.yaml") + ": malformed YAML at line 2"));
    }

    @Test
    void validates_a_single_file() throws IOException {
        Files.writeString(dir.resolve("solo.json"), "{\"id\": \"solo\"}");

        Outcome outcome = validate(dir.resolve("solo.json").toString());

        assertThat(outcome.exitCode()).isZero();
        assertThat(outcome.out()).contains(dir.resolve("solo.json") + ": valid (persona solo)");
    }

    @Test
    void accepts_either_kind_of_x_credentials_or_none() throws IOException {
        Files.writeString(
                dir.resolve("keys.json"),
                "{\"id\": \"keys\", \"twitter_credentials\": {\"apiKey\": \"k\", \"apiKeySecret\": \"s\","
                        + " \"accessToken\": \"t\", \"accessTokenSecret\": \"ts\"}}");
        Files.writeString(
                dir.resolve("oauth2.json"),
                "{\"id\": \"oauth2\", \"twitter_credentials\": {\"client_id\": \"client\","
                        + " \"refresh_token\": \"r\"}}");
        // a persona logged in with ./puppet x-login has its token in the database, not in its file
        Files.writeString(dir.resolve("login.json"), "{\"id\": \"login\"}");

        Outcome outcome = validate(dir.toString());

        assertThat(outcome.exitCode()).as(outcome.out()).isZero();
        assertThat(outcome.out()).contains("3 file(s): 3 valid, 0 invalid");
    }

    @Test
    void says_clearly_when_the_directory_does_not_exist() {
        Outcome outcome = validate(dir.resolve("nowhere").toString());

        assertThat(outcome.exitCode()).isEqualTo(2);
        assertThat(outcome.err()).contains(dir.resolve("nowhere") + " does not exist");
    }

    @Test
    void reports_each_bad_entry_on_one_located_line_lists_the_valid_ones_and_exits_1() throws IOException {
        Path config = BadPersonaFiles.create(dir);

        Outcome outcome = validate(config.toString());

        assertThat(outcome.exitCode()).isEqualTo(1);
        List<String> lines = outcome.out().lines().toList();
        for (List<String> expected : BadPersonaFiles.EXPECTED) {
            assertThat(lines)
                    .as(expected.get(0))
                    .contains(config + "/" + expected.get(1), config + "/" + expected.get(0) + ": invalid");
        }
        assertThat(lines)
                .contains(
                        config + "/linked.json: valid (persona linked)",
                        config + "/survivor.json: valid (persona survivor)",
                        "13 file(s): 2 valid, 11 invalid")
                .hasSize(2 * BadPersonaFiles.EXPECTED.size() + BadPersonaFiles.VALID_IDS.size() + 1)
                .allSatisfy(line -> assertThat(line).hasSizeLessThan(400).doesNotContain("\u001b[31m\n"));
        assertThat(outcome.out()).doesNotContain("\u001b", "\u0000", "\r");
    }

    @Test
    void passes_the_five_persona_files_of_the_original_project_with_empty_credentials_as_warnings() {
        String original = "src/test/resources/personas/original";

        Outcome outcome = validate(original);

        assertThat(outcome.exitCode()).isZero();
        List<String> ids = List.of("claudia-agent", "coby-agent", "example-agent", "news-bot", "test-grok-agent");
        for (String id : ids) {
            assertThat(outcome.out().lines())
                    .contains(
                            original + "/" + id + ".json: valid (persona " + id + ")",
                            original + "/" + id + ".json: /twitter_credentials: warning: empty credentials, the"
                                    + " persona has none of its own");
        }
        assertThat(outcome.out().lines())
                .contains("5 file(s): 5 valid, 0 invalid")
                .hasSize(2 * ids.size() + 1);
    }
}
