package dev.puppetengine.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.puppetengine.social.sandbox.SandboxExchange;
import dev.puppetengine.social.sandbox.SandboxWireCheck;
import java.io.IOException;
import java.io.UncheckedIOException;
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
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The engine as a real process: {@code target/puppet-engine.jar run ...} with the JDK running the tests, its output
 * in a log file. Failsafe runs after {@code package}, so the jar is there. The jar is started by Spring Boot's {@code
 * PropertiesLauncher} rather than by its own {@code JarLauncher}, with the test-only {@link SandboxWireCheck} (and
 * nothing else of the tests) on {@code loader.path}: what the sandbox X API of the packaged engine asks and answers
 * goes to a file beside the log, which {@link #close()} and {@link #kill()} check against the wire file, failing the
 * test through {@code XWireCheck} like an in-process test's traffic.
 */
final class EngineProcess implements AutoCloseable {

    static final Duration STARTUP = Duration.ofMinutes(4);

    private static final Pattern RUNNING_LINE =
            Pattern.compile("Puppet Engine running: (http://127\\.0\\.0\\.1:\\d+/)\\?token=([A-Za-z0-9_-]+)");
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final JsonMapper JSON = JsonMapper.shared();

    private static final String LAUNCHER = "org.springframework.boot.loader.launch.PropertiesLauncher";
    /** The test classes the engine loads: the wire check's filter, its exchange and their auto-configuration entry. */
    private static final List<String> WIRE_CHECK_FILES = List.of(
            "META-INF/spring/org.springframework.boot.autoconfigure.AutoConfiguration.imports",
            "dev/puppetengine/social/sandbox/SandboxWireCheck.class",
            "dev/puppetengine/social/sandbox/SandboxWireCheck$WireCheckFilter.class",
            "dev/puppetengine/social/sandbox/SandboxExchange.class");

    private final Process process;
    private final Path log;
    private final Path exchanges;
    private long exchangesChecked;
    private URI base = URI.create("http://127.0.0.1:1/");
    private String token = "";

    private EngineProcess(Process process, Path log, Path exchanges) {
        this.process = process;
        this.log = log;
        this.exchanges = exchanges;
    }

    /** A directory holding only {@link #WIRE_CHECK_FILES}, copied from the test classes (once per JVM). */
    private static synchronized Path wireCheckClasses() throws IOException {
        if (wireCheckClasses == null) {
            Path from;
            try {
                from = Path.of(SandboxWireCheck.class
                        .getProtectionDomain()
                        .getCodeSource()
                        .getLocation()
                        .toURI());
            } catch (java.net.URISyntaxException e) {
                throw new IllegalStateException(e);
            }
            Path to = Files.createTempDirectory("puppet-wire-check");
            for (String file : WIRE_CHECK_FILES) {
                Path target = to.resolve(file);
                Files.createDirectories(target.getParent());
                Files.copy(from.resolve(file), target);
            }
            wireCheckClasses = to;
        }
        return wireCheckClasses;
    }

    private static @Nullable Path wireCheckClasses;

    static Path jar() {
        Path jar = Path.of("target/puppet-engine.jar").toAbsolutePath();
        assertThat(jar).as("the application jar (failsafe runs after package)").exists();
        return jar;
    }

    /** Starts {@code run --port 0} and waits until it prints its URL. */
    static EngineProcess start(
            Path config, Path dataDir, Path log, double speed, List<String> jvmOptions, Map<String, String> env) {
        return start(config, dataDir, log, List.of("--speed", Double.toString(speed)), jvmOptions, env);
    }

    /**
     * Starts {@code run --live --port 0} (real time) and waits until it prints its URL; C1 only and the serial GC, as
     * the other process tests, for a quicker start-up.
     */
    static EngineProcess startLive(Path config, Path dataDir, Path log, Map<String, String> env) {
        return start(
                config, dataDir, log, List.of("--live"), List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"), env);
    }

    private static EngineProcess start(
            Path config,
            Path dataDir,
            Path log,
            List<String> runOptions,
            List<String> jvmOptions,
            Map<String, String> env) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        Path exchanges = log.resolveSibling(log.getFileName() + ".x-exchanges.jsonl");
        try {
            command.add("-Dloader.path=" + wireCheckClasses());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        command.add("-D" + SandboxExchange.LOG_PROPERTY + "=" + exchanges);
        command.addAll(List.of(
                "-cp",
                jar().toString(),
                LAUNCHER,
                "run",
                "--port",
                "0",
                "--config",
                config.toString(),
                "--data-dir",
                dataDir.toString()));
        command.addAll(runOptions);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.redirectOutput(log.toFile());
        builder.environment().putAll(env);
        EngineProcess engine;
        try {
            engine = new EngineProcess(builder.start(), log, exchanges);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        engine.awaitUrl();
        return engine;
    }

    private void awaitUrl() {
        await().atMost(STARTUP).pollInterval(Duration.ofMillis(100)).until(() -> {
            assertThat(process.isAlive())
                    .as("the engine exited before printing its URL:%n%s", tail(40))
                    .isTrue();
            return RUNNING_LINE.matcher(log()).find();
        });
        Matcher running = RUNNING_LINE.matcher(log());
        assertThat(running.find()).isTrue();
        base = URI.create(running.group(1));
        token = running.group(2);
    }

    String log() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String tail(int lines) {
        List<String> all = log().lines().toList();
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }

    /** Waits up to {@code time} for the process to exit by itself (it should not); true if it did. */
    boolean exitsWithin(Duration time) throws InterruptedException {
        return process.waitFor(time.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** SIGKILL, and wait until the process is gone; its sandbox X traffic so far is checked. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
        checkWire();
    }

    /** Hands the sandbox X exchanges the engine wrote since the last look to the wire check. */
    void checkWire() {
        exchangesChecked = SandboxExchange.reportAll(exchanges, exchangesChecked);
    }

    /** True once {@link #checkWire()} found at least one exchange (the check is not idle). */
    boolean checkedSomeExchanges() {
        return exchangesChecked > 0;
    }

    /** SIGTERM; returns the exit code once the process has stopped (within {@code atMost}). */
    int terminate(Duration atMost) throws InterruptedException {
        process.destroy();
        assertThat(process.waitFor(atMost.toMillis(), TimeUnit.MILLISECONDS))
                .as("stopped within %s after SIGTERM:%n%s", atMost, tail(40))
                .isTrue();
        checkWire();
        return process.exitValue();
    }

    JsonNode get(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(base.resolve(path))
                        .header("Authorization", "Bearer " + token)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode())
                .as("GET %s: %s", path, response.body())
                .isEqualTo(200);
        return JSON.readTree(response.body());
    }

    /** GETs {@code path} and returns the body as text, whatever the status (for scanning every answer). */
    String getText(String path) throws IOException, InterruptedException {
        return HTTP.send(
                        HttpRequest.newBuilder(base.resolve(path))
                                .header("Authorization", "Bearer " + token)
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
    }

    JsonNode post(String path, Map<String, String> body) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(base.resolve(path))
                        .header("Authorization", "Bearer " + token)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode())
                .as("POST %s: %s", path, response.body())
                .isEqualTo(201);
        return JSON.readTree(response.body());
    }

    /** POSTs a JSON body and checks the answer's status. */
    JsonNode post(String path, String json, int expectedStatus) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(base.resolve(path))
                        .header("Authorization", "Bearer " + token)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode())
                .as("POST %s: %s", path, response.body())
                .isEqualTo(expectedStatus);
        return JSON.readTree(response.body());
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        } else {
            checkWire();
        }
    }
}
