package dev.puppetengine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.puppetengine.persona.PersonaSpec;
import dev.puppetengine.persona.format.PersonaDocuments;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImportElizaCommandTest {

    private static final Path CHARACTER = Path.of("src/test/resources/personas/eliza.character.json");

    @TempDir
    Path out;

    private record Outcome(int exitCode, String out, String err) {}

    private static Outcome run(String... args) {
        PrintStream originalOut = System.out;
        PrintStream originalErr = System.err;
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
        try {
            int exitCode = PuppetCli.execute(args);
            return new Outcome(
                    exitCode, stdout.toString(StandardCharsets.UTF_8), stderr.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(originalOut);
            System.setErr(originalErr);
        }
    }

    @Test
    void writes_the_equivalent_persona_file() {
        Outcome outcome = run("import-eliza", CHARACTER.toString(), "--out", out.toString());

        assertThat(outcome.exitCode()).isZero();
        assertThat(outcome.out()).contains("wrote " + out.resolve("eliza.json") + " (persona eliza)");
        PersonaDocuments documents = new PersonaDocuments(Map.<String, String>of()::get);
        PersonaSpec imported = Objects.requireNonNull(
                documents.readFile(out.resolve("eliza.json")).persona());
        assertThat(imported).isEqualTo(documents.readFile(CHARACTER).persona());
    }

    @Test
    void never_overwrites_an_existing_file_without_force() throws IOException {
        Files.writeString(out.resolve("eliza.json"), "{\"id\": \"eliza\"}");

        Outcome refused = run("import-eliza", CHARACTER.toString(), "--out", out.toString());

        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.err()).contains("exists; use --force");
        assertThat(Files.readString(out.resolve("eliza.json"))).isEqualTo("{\"id\": \"eliza\"}");

        Outcome forced = run("import-eliza", CHARACTER.toString(), "--out", out.toString(), "--force");

        assertThat(forced.exitCode()).isZero();
        assertThat(Files.readString(out.resolve("eliza.json"))).contains("\"name\": \"Eliza\"");
    }

    @Test
    void reports_an_invalid_character_and_writes_nothing() throws IOException {
        Path invalid = out.resolve("broken.character.json");
        Files.writeString(invalid, "{\"bio\": \"no name\"}");

        Outcome outcome = run(
                "import-eliza",
                invalid.toString(),
                "--out",
                out.resolve("agents").toString());

        assertThat(outcome.exitCode()).isEqualTo(1);
        assertThat(outcome.out()).contains(invalid + ": /name: required in an ElizaOS character file");
        assertThat(out.resolve("agents")).doesNotExist();
    }

    @Test
    void says_clearly_when_the_file_does_not_exist() {
        Outcome outcome = run("import-eliza", out.resolve("missing.json").toString());

        assertThat(outcome.exitCode()).isEqualTo(2);
        assertThat(outcome.err()).contains("missing.json does not exist");
    }
}
