package dev.puppetengine.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.puppetengine.bench.EngineBench;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Issue 15, done-when 1: two engine processes (the packaged jar, {@code run --node-id}) on one PostgreSQL (embedded)
 * share a cast; both run personas and all personas post; visitors mention every persona; one node is killed with
 * SIGKILL while it works; the other takes over its personas within 30 s (every persona whose last step ran on the
 * killed node runs a step on the survivor), and afterwards: no post twice (by idempotency key, by author and text),
 * every persona post on the network is an outbox item marked posted, no mention answered twice and every mention
 * answered, every persona posted after the kill and keeps its post-due task, nothing is left mid-send or picked by
 * the dead node. At {@code --speed 10} (leases and heartbeats run on the database's clock, whatever the speed), personas
 * posting every 3–6 persona minutes (18–36 s), mentions read every 20 persona seconds.
 */
class ClusterIT {

    private static final Logger log = LoggerFactory.getLogger(ClusterIT.class);
    private static final int PERSONAS = 6;
    private static final List<String> JVM = List.of("-Xmx512m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");
    /** DESIGN §9 / issue 15: a lost node's personas are taken over within this. */
    private static final Duration TAKEOVER = Duration.ofSeconds(30);

    private static final double SPEED = 10;

    private static final Duration SETTLE = Duration.ofMinutes(3);

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path root;

    @Test
    void two_nodes_share_the_cast_and_the_survivor_takes_over_a_killed_node_without_duplicates() throws Exception {
        Path config = EngineBench.writeCast(root.resolve("agents"), PERSONAS, 20261202L, 0.05, 0.1);
        List<String> cast =
                IntStream.range(0, PERSONAS).mapToObj(EngineBench::personaId).toList();
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start()) {
            String dbUrl = postgres.getJdbcUrl("postgres", "postgres");
            JdbcClient database = JdbcClient.create(postgres.getPostgresDatabase());
            try (EngineProcess a = start(config, "node-a", dbUrl);
                    EngineProcess b = start(config, "node-b", dbUrl)) {
                await().atMost(SETTLE).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
                    JsonNode nodes = b.get("/api/status").get("nodes");
                    assertThat(aliveNodes(nodes)).as("alive nodes").containsExactlyInAnyOrder("node-a", "node-b");
                    assertThat(personasOn(nodes, "node-a"))
                            .as("personas on node-a")
                            .isPositive();
                    assertThat(personasOn(nodes, "node-b"))
                            .as("personas on node-b")
                            .isPositive();
                    assertThat(originalPosters(database, 0))
                            .as("personas that posted")
                            .containsAll(cast);
                });
                assertThat(a.get("/api/status").get("node").asString()).isEqualTo("node-a");
                List<String> mentions = new ArrayList<>();
                for (String persona : cast) {
                    // the sandbox handle of eng-00001 is @eng_00001
                    String text = "@" + persona.replace('-', '_') + " cluster question: which node are you on today?";
                    (mentions.size() % 2 == 0 ? a : b)
                            .post("/api/sandbox/posts", Map.of("author", "visitor", "text", text));
                    mentions.add(text);
                }
                // kill node-a while it works: once it has started a step after the mentions arrived
                Map<String, String> before = nodeOfEach(b);
                await().atMost(SETTLE)
                        .pollInterval(Duration.ofMillis(100))
                        .until(() ->
                                !nodeOfEach(b).equals(before) && nodeOfEach(b).containsValue("node-a"));
                Map<String, String> atKill = nodeOfEach(b);
                Instant killed = Instant.now();
                a.kill();
                long lastBeforeKill = database.sql("SELECT COALESCE(MAX(id), 0) FROM sandbox_post")
                        .query((row, n) -> row.getLong(1))
                        .single();
                Set<String> orphans = new HashSet<>();
                atKill.forEach((persona, node) -> {
                    if ("node-a".equals(node)) {
                        orphans.add(persona);
                    }
                });
                log.info("killed node-a; personas whose last step ran there: {}", orphans);
                assertThat(orphans).as("personas whose last step ran on node-a").isNotEmpty();

                Map<String, Instant> takenOver = new HashMap<>();
                await().atMost(SETTLE).pollInterval(Duration.ofMillis(250)).until(() -> {
                    nodeOfEach(b).forEach((persona, node) -> {
                        if (orphans.contains(persona) && "node-b".equals(node)) {
                            takenOver.putIfAbsent(persona, Instant.now());
                        }
                    });
                    return takenOver.keySet().containsAll(orphans);
                });
                Duration slowest = takenOver.values().stream()
                        .map(at -> Duration.between(killed, at))
                        .max(Duration::compareTo)
                        .orElse(Duration.ZERO);
                log.info("node-b took over {} personas of node-a; the last after {}", orphans.size(), slowest);
                assertThat(slowest)
                        .as("time until the last of node-a's personas ran on node-b")
                        .isLessThanOrEqualTo(TAKEOVER);

                await().atMost(SETTLE).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
                    assertThat(aliveNodes(b.get("/api/status").get("nodes"))).containsExactly("node-b");
                    assertThat(originalPosters(database, lastBeforeKill))
                            .as("personas that posted after the kill")
                            .containsAll(cast);
                    assertThat(unanswered(database))
                            .as("mentions without a reply")
                            .isEmpty();
                    assertThat(database.sql("SELECT COUNT(*) FROM outbox WHERE status IN ('pending', 'dispatching')")
                                    .query(Integer.class)
                                    .single())
                            .as("outbox items pending or mid-send")
                            .isZero();
                });
                assertThat(database.sql("SELECT COUNT(*) FROM scheduled_tasks WHERE picked_by LIKE 'node-a#%'")
                                .query(Integer.class)
                                .single())
                        .as("executions still picked by the dead node")
                        .isZero();
                assertThat(database.sql("SELECT task_instance FROM scheduled_tasks WHERE task_name = 'post-due'")
                                .query(String.class)
                                .list())
                        .as("post-due tasks")
                        .containsExactlyInAnyOrderElementsOf(cast);
                assertThat(b.terminate(Duration.ofMinutes(1)))
                        .as("exit code of node-b's clean stop")
                        .isZero();
                assertThat(a.checkedSomeExchanges() && b.checkedSomeExchanges())
                        .as("both nodes' sandbox X traffic was checked against the wire file")
                        .isTrue();
            }
            assertNoDuplicates(database, cast.size());
        }
    }

    private EngineProcess start(Path config, String node, String dbUrl) throws IOException {
        Map<String, String> env = Map.of(
                "PUPPET_NODE_ID", node,
                "PUPPET_DB_URL", dbUrl,
                "PUPPET_MEMORY_EMBEDDER", "hashing",
                "PUPPET_X_READS_ACTIVEINTERVAL", "20s",
                "PUPPET_X_READS_QUIETINTERVAL", "20s");
        Path dataDir = Files.createDirectories(root.resolve("data-" + node));
        return EngineProcess.start(config, dataDir, root.resolve(node + ".log"), SPEED, JVM, env);
    }

    private static List<String> aliveNodes(JsonNode nodes) {
        List<String> alive = new ArrayList<>();
        nodes.forEach(node -> {
            if (node.get("alive").asBoolean()) {
                alive.add(node.get("id").asString());
            }
        });
        return alive;
    }

    private static int personasOn(JsonNode nodes, String id) {
        for (JsonNode node : nodes) {
            if (node.get("id").asString().equals(id)) {
                return node.get("personas").asInt();
            }
        }
        return 0;
    }

    /** Each persona's node, as {@code GET /api/agents} of {@code engine} says ("" before any step). */
    private static Map<String, String> nodeOfEach(EngineProcess engine) throws IOException, InterruptedException {
        Map<String, String> nodes = new HashMap<>();
        engine.get("/api/agents")
                .forEach(agent ->
                        nodes.put(agent.get("id").asString(), agent.path("node").asString("")));
        return nodes;
    }

    /** The personas with an original post (not a reply) of an id above {@code after} on the network. */
    private static Set<String> originalPosters(JdbcClient database, long after) {
        return new HashSet<>(database.sql("SELECT DISTINCT u.persona_id FROM sandbox_post p"
                        + " JOIN sandbox_user u ON u.id = p.author_id"
                        + " WHERE u.persona_id IS NOT NULL AND p.in_reply_to_id IS NULL AND p.id > ?")
                .param(after)
                .query(String.class)
                .list());
    }

    /** The visitors' mentions no persona has answered. */
    private static List<Long> unanswered(JdbcClient database) {
        return database.sql("SELECT m.id FROM sandbox_post m JOIN sandbox_user v ON v.id = m.author_id"
                        + " WHERE v.persona_id IS NULL AND NOT EXISTS (SELECT 1 FROM sandbox_post r"
                        + " JOIN sandbox_user u ON u.id = r.author_id"
                        + " WHERE r.in_reply_to_id = m.id AND u.persona_id IS NOT NULL)")
                .query((row, n) -> row.getLong(1))
                .list();
    }

    private static void assertNoDuplicates(JdbcClient database, int mentions) {
        assertThat(database.sql("SELECT idempotency_key FROM outbox WHERE status = 'posted'"
                                + " GROUP BY idempotency_key HAVING COUNT(*) > 1")
                        .query(String.class)
                        .list())
                .as("idempotency keys posted twice")
                .isEmpty();
        assertThat(database.sql("SELECT p.author_id || ':' || p.text FROM sandbox_post p"
                                + " WHERE p.deleted = FALSE GROUP BY p.author_id, p.text HAVING COUNT(*) > 1")
                        .query(String.class)
                        .list())
                .as("the same text twice by one author on the network")
                .isEmpty();
        Integer personaPosts = database.sql("SELECT COUNT(*) FROM sandbox_post p JOIN sandbox_user u"
                        + " ON u.id = p.author_id WHERE u.persona_id IS NOT NULL AND p.deleted = FALSE")
                .query(Integer.class)
                .single();
        Integer posted = database.sql("SELECT COUNT(*) FROM outbox WHERE status = 'posted' AND action <> 'like'")
                .query(Integer.class)
                .single();
        assertThat(personaPosts)
                .as("persona posts on the network against outbox items marked posted")
                .isEqualTo(posted);
        List<Long> repliesPerMention = database.sql("SELECT COUNT(r.id) FROM sandbox_post m"
                        + " JOIN sandbox_user v ON v.id = m.author_id"
                        + " LEFT JOIN sandbox_post r ON r.in_reply_to_id = m.id AND r.author_id IN"
                        + " (SELECT id FROM sandbox_user WHERE persona_id IS NOT NULL)"
                        + " WHERE v.persona_id IS NULL GROUP BY m.id")
                .query((row, n) -> row.getLong(1))
                .list();
        assertThat(repliesPerMention)
                .as("replies per visitor mention")
                .hasSize(mentions)
                .allSatisfy(count -> assertThat(Objects.requireNonNull(count)).isEqualTo(1L));
    }
}
