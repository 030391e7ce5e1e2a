package dev.puppetengine.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Issue 10, done-when 3: the engine as a real process with the sample cast. A delayed event and an immediate one are
 * published, the process is killed with SIGKILL at a seeded random moment (the immediate event may be half handled)
 * and restarted: the delayed event fires at its due time (or at once, if that passed while the engine was down), and
 * every persona holds exactly one memory of each event. It runs on PostgreSQL (embedded), the cluster database; H2's
 * durability under kill -9 is {@code CommitsSurviveKillIT}'s and {@code KillRestartIT}'s.
 */
class EventKillRestartIT {

    private static final List<String> CAST = List.of("juniper", "marlow", "tess");
    private static final List<String> JVM = List.of("-Xmx768m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");
    /**
     * Long enough for the kill and the restart (one engine start, 10-20 s here), so the timer is normally still
     * ahead when the second run comes up and the on-time branch is the one checked; if a loaded machine restarts
     * slower, the timer has passed and the at-once branch is checked instead.
     */
    private static final long DELAY_SECONDS = 45;
    /** How late a timer may fire: the scheduler polls every 250 ms; the rest is a loaded machine's slack. */
    private static final Duration LATENESS = Duration.ofSeconds(60);

    @TempDir
    Path root;

    private final Random random = new Random(20261201L);

    @Test
    void a_delayed_event_fires_on_time_after_a_kill_and_no_event_is_handled_twice() throws Exception {
        Path config = Files.createDirectories(root.resolve("agents"));
        try (Stream<Path> samples = Files.list(Path.of("config/agents"))) {
            for (Path sample : samples.toList()) {
                Files.copy(sample, config.resolve(sample.getFileName()));
            }
        }
        Path dataDir = root.resolve("data");
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start()) {
            killAndRestart(config, dataDir, postgres.getJdbcUrl("postgres", "postgres"));
        }
    }

    private void killAndRestart(Path config, Path dataDir, String dbUrl) throws Exception {
        Map<String, String> env =
                Map.of("PUPPET_MEMORY_EMBEDDER", "hashing", "PUPPET_DB_URL", dbUrl, "PUPPET_DBURL", dbUrl);
        String delayed;
        String immediate;
        try (EngineProcess engine = start(config, dataDir, 0, env)) {
            delayed = engine.post(
                            "/api/events",
                            "{\"type\": \"mood_shift\", \"data\": {\"name\": \"pleasant surprise\","
                                    + " \"valence_shift\": 0.4, \"arousal_shift\": 0.3, \"dominance_shift\": 0.1},"
                                    + " \"delaySeconds\": " + DELAY_SECONDS + "}",
                            202)
                    .get("id")
                    .asString();
            immediate = engine.post(
                            "/api/events",
                            "{\"type\": \"news\", \"data\": {\"headline\": \"The harbour bridge reopens after repairs\","
                                    + " \"topic\": \"city\"}, \"priority\": \"critical\"}",
                            202)
                    .get("id")
                    .asString();
            assertThat(engine.exitsWithin(Duration.ofMillis(random.nextInt(2000))))
                    .isFalse();
            engine.kill();
        }
        try (EngineProcess engine = start(config, dataDir, 1, env)) {
            Instant restarted = Instant.now();
            await().atMost(Duration.ofSeconds(DELAY_SECONDS).plus(Duration.ofMinutes(4)))
                    .pollInterval(Duration.ofSeconds(1))
                    .untilAsserted(() -> {
                        assertThat(status(engine, delayed)).isEqualTo("handled");
                        assertThat(status(engine, immediate)).isEqualTo("handled");
                    });
            JsonNode fired = event(engine, delayed);
            Instant dueAt = Instant.parse(fired.get("dueAt").asString());
            Instant handledAt = Instant.parse(fired.get("handledAt").asString());
            Instant expected = dueAt.isAfter(restarted) ? dueAt : restarted;
            assertThat(handledAt).isAfterOrEqualTo(dueAt).isBefore(expected.plus(LATENESS));

            for (String persona : CAST) {
                List<String> sources = new ArrayList<>();
                engine.get("/api/agents/" + persona + "/memories?limit=200").forEach(memory -> {
                    if (memory.get("type").asString().equals("event")) {
                        memory.get("sourceIds").forEach(source -> sources.add(source.asString()));
                    }
                });
                assertThat(sources)
                        .as("%s's event memories", persona)
                        .containsExactlyInAnyOrder("event:" + delayed, "event:" + immediate);
            }
            assertThat(engine.terminate(Duration.ofMinutes(1))).isZero();
        }
    }

    private EngineProcess start(Path config, Path dataDir, int run, Map<String, String> env) {
        return EngineProcess.start(config, dataDir, root.resolve("run-" + run + ".log"), 1, JVM, env);
    }

    private static String status(EngineProcess engine, String id) throws Exception {
        return event(engine, id).get("status").asString();
    }

    private static JsonNode event(EngineProcess engine, String id) throws Exception {
        for (JsonNode event : engine.get("/api/events?limit=200")) {
            if (event.get("id").asString().equals(id)) {
                return event;
            }
        }
        throw new AssertionError("event " + id + " is not listed");
    }
}
