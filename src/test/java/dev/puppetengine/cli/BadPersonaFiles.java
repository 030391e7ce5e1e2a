package dev.puppetengine.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A config dir with one file per kind of bad input (issue 8, "done when" 4) next to two valid personas, one of them
 * reached through a symbolic link: what {@code validate} and {@code run} must both survive.
 */
final class BadPersonaFiles {

    /** The ids of the valid personas in the directory. */
    static final List<String> VALID_IDS = List.of("linked", "survivor");

    /** Each bad entry's file name and the one problem line {@code validate} prints for it, after {@code DIR/}. */
    static final List<List<String>> EXPECTED = List.of(
            List.of("bad-utf8.json", "bad-utf8.json: invalid UTF-8 at byte offset 23"),
            List.of(
                    "control.json",
                    "control.json: /name: must not contain control characters (found \\u001b at" + " character 4)"),
            List.of("dangling.json", "dangling.json: dangling symbolic link to nowhere/missing.json"),
            List.of(
                    "hours.json",
                    "hours.json: /behavior/post_frequency/max_hours_between_posts: must be a number from"
                            + " 0 to 720, got 1e308"),
            List.of(
                    "huge-id.json",
                    "huge-id.json: /id: '" + "A".repeat(79) + "…' is not a valid id: use 1-64"
                            + " lowercase letters, digits, '-' or '_', starting with a letter or digit"),
            List.of(
                    "long-key.json",
                    "long-key.json: /initial_memory/relationships/" + "k".repeat(79)
                            + "…: relationship key must be at most 64 characters (got 130)"),
            List.of("long-name.json", "long-name.json: /name: must be at most 100 characters (got 129)"),
            List.of("loop.json", "loop.json: symbolic link loop"),
            List.of(
                    "newline-id.json",
                    "newline-id.json: /id: 'evil\\nnewline-id.json: valid (persona evil)' is not a"
                            + " valid id: use 1-64 lowercase letters, digits, '-' or '_', starting with a letter or digit"),
            List.of(
                    "tokens.json",
                    "tokens.json: /llm_config/max_tokens: must be a whole number from 1 to 100000, got"
                            + " 99999999999999999999"),
            List.of("x.json", "x.json: is a directory, not a file"));

    private BadPersonaFiles() {}

    /** Writes the directory under {@code root} and returns it. */
    static Path create(Path root) throws IOException {
        Path dir = Files.createDirectories(root.resolve("agents"));
        Files.writeString(dir.resolve("survivor.json"), "{\"id\": \"survivor\", \"name\": \"Survivor\"}");
        Path elsewhere = Files.createDirectories(root.resolve("elsewhere"));
        Files.writeString(elsewhere.resolve("other.json"), "{\"id\": \"linked\", \"name\": \"Linked\"}");
        Files.createSymbolicLink(dir.resolve("linked.json"), Path.of("../elsewhere/other.json"));

        Files.writeString(
                dir.resolve("long-name.json"), "{\"id\": \"long-name\", \"name\": \"" + "n".repeat(129) + "\"}");
        Files.writeString(
                dir.resolve("long-key.json"),
                "{\"id\": \"long-key\", \"initial_memory\": {\"relationships\": {\"" + "k".repeat(130)
                        + "\": {\"trust\": 0.9}}}}");
        Files.writeString(dir.resolve("huge-id.json"), "{\"id\": \"" + "A".repeat(3_000_000) + "\"}");
        Files.writeString(dir.resolve("newline-id.json"), "{\"id\": \"evil\\nnewline-id.json: valid (persona evil)\"}");
        Files.writeString(
                dir.resolve("hours.json"),
                "{\"id\": \"hours\", \"behavior\": {\"post_frequency\": {\"max_hours_between_posts\": 1e308}}}");
        Files.writeString(
                dir.resolve("tokens.json"),
                "{\"id\": \"tokens\", \"llm_config\": {\"max_tokens\": 99999999999999999999}}");
        Files.writeString(dir.resolve("control.json"), "{\"id\": \"control\", \"name\": \"red\\u001b[31m\"}");
        ByteArrayOutputStream badUtf8 = new ByteArrayOutputStream();
        badUtf8.writeBytes("{\"id\": \"bad\", \"name\": \"".getBytes(StandardCharsets.UTF_8));
        badUtf8.writeBytes(new byte[] {(byte) 0xC3, (byte) 0x28});
        badUtf8.writeBytes("\"}".getBytes(StandardCharsets.UTF_8));
        Files.write(dir.resolve("bad-utf8.json"), badUtf8.toByteArray());
        Files.createSymbolicLink(dir.resolve("loop.json"), Path.of("loop.json"));
        Files.createSymbolicLink(dir.resolve("dangling.json"), Path.of("nowhere/missing.json"));
        Files.createDirectories(dir.resolve("x.json"));
        return dir;
    }
}
