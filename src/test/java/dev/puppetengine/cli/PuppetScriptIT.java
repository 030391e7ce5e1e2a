package dev.puppetengine.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The {@code ./puppet} script as an operator runs it, as a real process: an extra settings file given with
 * {@code --spring.config.additional-location} (as application.yml and the README advertise) reaches Spring.
 */
class PuppetScriptIT {

    private static final Pattern RUNNING_LINE = Pattern.compile("Puppet Engine running: (http://\\S+)/\\?token=(\\S+)");
    /** The script's own hook for JVM options: a quicker start-up (C1 only, serial GC), as the other process tests. */
    private static final String JAVA_OPTS = "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC";

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void run_reads_an_extra_yaml_file_given_as_option_equals_file() throws Exception {
        Path dataDir = dir.resolve("from-extra-file");
        Path settings = extraSettings(dataDir, onlyJuniper());

        Started engine = start("run", "--port", "0", "--spring.config.additional-location=" + settings);
        try {
            // printed just after the running line, which start() waits for
            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() ->
                            assertThat(engine.output()).anyMatch(line -> line.equals("Data directory: " + dataDir)));
            assertThat(dataDir.resolve("api-token")).exists();
            assertThat(agentIds(engine)).containsExactly("juniper");
        } finally {
            engine.stop();
        }
    }

    @Test
    void demo_reads_an_extra_yaml_file_given_as_option_and_file() throws Exception {
        Path settings = extraSettings(null, onlyJuniper());

        Started engine = start(
                "demo",
                "--port",
                "0",
                "--data-dir",
                dir.resolve("demo").toString(),
                "--spring.config.additional-location",
                settings.toString());
        try {
            assertThat(agentIds(engine)).containsExactly("juniper");
        } finally {
            engine.stop();
        }
    }

    @Test
    void run_stops_on_a_bad_setting_with_one_line_naming_the_key_and_the_allowed_values() throws Exception {
        ProcessBuilder builder = new ProcessBuilder(
                        Path.of("puppet").toAbsolutePath().toString(),
                        "run",
                        "--port",
                        "0",
                        "--data-dir",
                        dir.resolve("bad-setting").toString())
                .redirectErrorStream(true);
        builder.environment().put("PUPPET_LLM_PROVIDERS_OPENAI_TYPE", "gemini");
        builder.environment().put("PUPPET_JAVA_OPTS", JAVA_OPTS);
        // recall is not what these cases are about: the hashing embedder spares loading the MiniLM model
        builder.environment().put("PUPPET_MEMORY_EMBEDDER", "hashing");
        Process process = builder.start();
        List<String> output = new CopyOnWriteArrayList<>();
        Thread reader = Thread.ofVirtual().start(() -> {
            try (BufferedReader lines =
                    new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                lines.lines().forEach(output::add);
            } catch (IOException closed) {
                output.add("(output closed: " + closed.getMessage() + ")");
            }
        });
        // a guard against an engine that wrongly starts, not a measure of speed
        boolean exited = process.waitFor(4, java.util.concurrent.TimeUnit.MINUTES);
        if (!exited) {
            process.destroyForcibly().waitFor();
        }
        reader.join();

        assertThat(exited)
                .as("the engine stopped by itself, output: %s", output)
                .isTrue();
        assertThat(process.exitValue()).as("exit code, output: %s", output).isEqualTo(1);
        assertThat(output)
                .contains("puppet run: the engine did not start: puppet.llm.providers.openai.type: must be one of"
                        + " openai, anthropic (was 'gemini')");
    }

    private Path onlyJuniper() throws IOException {
        Path personas = Files.createDirectories(dir.resolve("personas"));
        Files.copy(Path.of("config/agents/juniper.json"), personas.resolve("juniper.json"));
        return personas;
    }

    private Path extraSettings(@Nullable Path dataDir, Path configDir) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add("puppet:");
        lines.add("  config-dir: " + configDir);
        if (dataDir != null) {
            lines.add("  data-dir: " + dataDir);
        }
        return Files.write(dir.resolve("extra.yml"), lines);
    }

    private List<String> agentIds(Started engine) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create(engine.baseUrl() + "/api/agents"))
                        .header("Authorization", "Bearer " + engine.token())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode agents = JsonMapper.shared().readTree(response.body());
        return agents.valueStream().map(agent -> agent.get("id").asString()).toList();
    }

    private Started start(String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of("puppet").toAbsolutePath().toString());
        command.addAll(List.of(arguments));
        ProcessBuilder builder =
                new ProcessBuilder(command).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.PIPE);
        builder.environment().put("PUPPET_JAVA_OPTS", JAVA_OPTS);
        // recall is not what these cases are about: the hashing embedder spares loading the MiniLM model
        builder.environment().put("PUPPET_MEMORY_EMBEDDER", "hashing");
        Process process = builder.start();
        List<String> output = new CopyOnWriteArrayList<>();
        Thread reader = Thread.ofVirtual().start(() -> {
            try (BufferedReader lines =
                    new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    output.add(line);
                }
            } catch (IOException closedByStop) {
                output.add("(output closed: " + closedByStop.getMessage() + ")");
            }
        });
        Started started = new Started(process, reader, output);
        try {
            await().atMost(Duration.ofMinutes(4))
                    .until(() -> !process.isAlive() || output.stream().anyMatch(RUNNING_LINE.asPredicate()));
            assertThat(process.isAlive()).as("engine output: %s", output).isTrue();
        } catch (RuntimeException | AssertionError e) {
            started.stop();
            throw e;
        }
        return started;
    }

    private record Started(Process process, Thread reader, List<String> output) {

        Matcher running() {
            Matcher matcher = output.stream()
                    .map(RUNNING_LINE::matcher)
                    .filter(Matcher::find)
                    .findFirst()
                    .orElseThrow();
            return matcher;
        }

        String baseUrl() {
            return running().group(1);
        }

        String token() {
            return running().group(2);
        }

        void stop() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
            reader.join();
        }
    }
}
