package dev.puppetengine.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.puppetengine.shared.DatabaseUrlDefaults;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.h2.jdbcx.JdbcDataSource;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Issues 9 and 15: the engine as a real process with the sample cast, on one data dir, killed with SIGKILL at seeded
 * random points (right after it printed its URL, a random moment after a human mention, just after a persona posted)
 * and restarted each time; then one clean run. Afterwards every mention has exactly one reply, no post is on the
 * network twice or without its outbox record (nor the reverse), every persona posted after the last restart and kept
 * its post-due task, no post is dated before one created before it, nothing is pending and no execution stays picked.
 */
// The whole suite runs 6 kills; ./puppet reliability (-Dpuppet.reliability=true) runs the 50 of issue 15, and
// -Dpuppet.reliability.kills=N any number (docs/RELIABILITY.md).
class KillRestartIT {

    private static final Logger log = LoggerFactory.getLogger(KillRestartIT.class);
    private static final int KILLS =
            Integer.getInteger("puppet.reliability.kills", Boolean.getBoolean("puppet.reliability") ? 50 : 6);
    private static final double SPEED = 3600;
    private static final Set<String> CAST = Set.of("juniper", "marlow", "tess");
    private static final List<String> JVM = List.of("-Xmx768m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");
    /** Trading off: the sample Marlow's trades every 1-3 persona hours would double the load; TradeKillIT kills traders. */
    private static final Map<String, String> ENV =
            Map.of("PUPPET_MEMORY_EMBEDDER", "hashing", "PUPPET_SOLANA_TRADING", "false");

    private static final Duration SETTLE = Duration.ofMinutes(3);

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path root;

    private final Random random = new Random(20261201L);
    private final List<String> mentionTexts = new ArrayList<>();

    enum KillPoint {
        AT_ONCE,
        AFTER_A_MENTION,
        JUST_AFTER_A_POST
    }

    @Test
    void survives_kills_at_random_points_losing_and_duplicating_nothing() throws Exception {
        Path config = Files.createDirectories(root.resolve("agents"));
        try (Stream<Path> samples = Files.list(Path.of("config/agents"))) {
            for (Path sample : samples.toList()) {
                Files.copy(sample, config.resolve(sample.getFileName()));
            }
        }
        Path dataDir = root.resolve("data");
        Instant began = Instant.now();
        for (int run = 0; run < KILLS; run++) {
            KillPoint point = KillPoint.values()[random.nextInt(KillPoint.values().length)];
            try (EngineProcess engine = start(config, dataDir, run)) {
                switch (point) {
                    case AT_ONCE -> {}
                    case AFTER_A_MENTION -> {
                        mention(engine, run);
                        assertThat(engine.exitsWithin(Duration.ofMillis(random.nextInt(3000))))
                                .isFalse();
                    }
                    case JUST_AFTER_A_POST -> {
                        mention(engine, run);
                        long seen = newestId(engine);
                        await().atMost(SETTLE)
                                .pollInterval(Duration.ofMillis(50))
                                .until(() -> newestPersonaPost(engine) > seen);
                        assertThat(engine.exitsWithin(Duration.ofMillis(random.nextInt(300))))
                                .isFalse();
                    }
                }
                engine.kill();
                log.info("kill {} of {} ({}) after {}", run + 1, KILLS, point, Duration.between(began, Instant.now()));
            }
        }

        Path lastLog;
        try (EngineProcess engine = start(config, dataDir, KILLS)) {
            lastLog = root.resolve("run-" + KILLS + ".log");
            long restartedAfter = newestId(engine);
            mention(engine, KILLS);
            await().atMost(SETTLE).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                List<JsonNode> timeline = timeline(engine);
                assertThat(timeline).as("the check sees the whole timeline").hasSizeLessThan(200);
                Map<String, List<JsonNode>> replies = repliesByMention(timeline);
                assertThat(mentionIds(timeline))
                        .as("mentions")
                        .hasSize(mentionTexts.size())
                        .allSatisfy(id -> assertThat(replies.getOrDefault(id, List.of()))
                                .as("replies to %s", id)
                                .hasSize(1));
                assertThat(timeline.stream()
                                .filter(post -> Long.parseLong(post.path("id").asString()) > restartedAfter)
                                .filter(post -> post.path("inReplyTo").isNull())
                                .map(post -> post.path("personaId").asString(""))
                                .collect(Collectors.toSet()))
                        .as("personas that posted after the last restart")
                        .containsAll(CAST);
                assertThat(engine.get("/api/posts?status=pending"))
                        .as("pending")
                        .isEmpty();
                assertThat(engine.get("/api/posts?status=dispatching"))
                        .as("dispatching")
                        .isEmpty();
            });
            assertThat(engine.terminate(Duration.ofMinutes(1)))
                    .as("exit code of a clean stop")
                    .isZero();
            assertThat(engine.checkedSomeExchanges())
                    .as("the packaged engine's sandbox X traffic was checked against the wire file")
                    .isTrue();
        }
        log.info("{} kills and a clean run took {}", KILLS, Duration.between(began, Instant.now()));

        JdbcClient database = database(dataDir);
        List<StoredPost> posts = database.sql("SELECT p.id, p.in_reply_to_id, p.created_at, u.persona_id"
                        + " FROM sandbox_post p JOIN sandbox_user u ON u.id = p.author_id ORDER BY p.id")
                .query((row, n) -> new StoredPost(
                        row.getLong("id"),
                        (Long) row.getObject("in_reply_to_id"),
                        row.getObject("created_at", OffsetDateTime.class).toInstant(),
                        row.getString("persona_id")))
                .list();
        for (int i = 1; i < posts.size(); i++) {
            assertThat(posts.get(i).createdAt())
                    .as("post %s is not dated before post %s, created before it", posts.get(i), posts.get(i - 1))
                    .isAfterOrEqualTo(posts.get(i - 1).createdAt());
        }
        Map<Long, StoredPost> byId =
                posts.stream().collect(Collectors.toMap(StoredPost::id, p -> p, (a, b) -> a, LinkedHashMap::new));
        assertThat(posts.stream().filter(post -> post.inReplyTo() != null))
                .allSatisfy(reply -> assertThat(reply.createdAt())
                        .as("reply %s is not dated before what it answers", reply)
                        .isAfterOrEqualTo(java.util.Objects.requireNonNull(byId.get(reply.inReplyTo()))
                                .createdAt()));
        List<Long> humanMentions = posts.stream()
                .filter(post -> post.personaId() == null)
                .map(StoredPost::id)
                .toList();
        assertThat(humanMentions).hasSize(mentionTexts.size());
        assertThat(humanMentions)
                .allSatisfy(id -> assertThat(
                                posts.stream().filter(post -> id.equals(post.inReplyTo()) && post.personaId() != null))
                        .as("replies to mention %s", id)
                        .hasSize(1));
        assertThat(database.sql("SELECT COUNT(*) FROM scheduled_tasks WHERE picked = TRUE")
                        .query(Integer.class)
                        .single())
                .as("executions left picked")
                .isZero();
        assertThat(database.sql("SELECT task_instance FROM scheduled_tasks WHERE task_name = 'post-due'")
                        .query(String.class)
                        .list())
                .as("post-due tasks")
                .containsExactlyInAnyOrderElementsOf(CAST);
        assertThat(database.sql("SELECT COUNT(*) FROM outbox WHERE status IN ('pending', 'dispatching')")
                        .query(Integer.class)
                        .single())
                .as("outbox items stuck")
                .isZero();
        assertThat(rows(database, "SELECT idempotency_key FROM outbox GROUP BY idempotency_key HAVING COUNT(*) > 1"))
                .as("idempotency keys used twice")
                .isEmpty();
        assertThat(rows(
                        database,
                        "SELECT CAST(author_id AS VARCHAR) || ': ' || text FROM sandbox_post"
                                + " GROUP BY author_id, text HAVING COUNT(*) > 1"))
                .as("texts an author has on the network twice")
                .isEmpty();
        assertThat(rows(
                        database,
                        "SELECT CAST(p.id AS VARCHAR) FROM sandbox_post p JOIN sandbox_user u ON u.id = p.author_id"
                                + " WHERE u.persona_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM outbox o"
                                + " WHERE o.status = 'posted' AND o.remote_id = CAST(p.id AS VARCHAR))"))
                .as("persona posts on the network that the outbox does not know as posted")
                .isEmpty();
        assertThat(rows(
                        database,
                        "SELECT CAST(o.id AS VARCHAR) FROM outbox o WHERE o.status = 'posted' AND NOT EXISTS"
                                + " (SELECT 1 FROM sandbox_post p WHERE CAST(p.id AS VARCHAR) = o.remote_id)"))
                .as("outbox items posted that the network does not have")
                .isEmpty();
        assertThat(Files.readString(lastLog)).doesNotContain("ClosedChannelException", "MVStoreException");
        log.info(
                "{} kills: {} human mentions answered once each, {} posts on the network, {} outbox items posted",
                KILLS,
                humanMentions.size(),
                posts.size(),
                rows(database, "SELECT CAST(id AS VARCHAR) FROM outbox WHERE status = 'posted'")
                        .size());
    }

    private static List<String> rows(JdbcClient database, String sql) {
        return database.sql(sql)
                .query((row, n) -> String.valueOf(row.getString(1)))
                .list();
    }

    record StoredPost(
            long id,
            @Nullable Long inReplyTo,
            Instant createdAt,
            @Nullable String personaId) {}

    private EngineProcess start(Path config, Path dataDir, int run) {
        return EngineProcess.start(config, dataDir, root.resolve("run-" + run + ".log"), SPEED, JVM, ENV);
    }

    private void mention(EngineProcess engine, int run) throws IOException, InterruptedException {
        String persona = List.copyOf(new java.util.TreeSet<>(CAST)).get(random.nextInt(CAST.size()));
        String text = "@" + persona + " crash question " + run + ": what would you keep if the lights went out?";
        engine.post("/api/sandbox/posts", Map.of("author", "visitor", "text", text));
        mentionTexts.add(text);
    }

    private static List<JsonNode> timeline(EngineProcess engine) throws IOException, InterruptedException {
        List<JsonNode> posts = new ArrayList<>();
        engine.get("/api/sandbox/timeline?limit=200").forEach(posts::add);
        return posts;
    }

    private static long newestId(EngineProcess engine) throws IOException, InterruptedException {
        return timeline(engine).stream()
                .mapToLong(post -> Long.parseLong(post.path("id").asString()))
                .max()
                .orElse(0);
    }

    private static long newestPersonaPost(EngineProcess engine) throws IOException, InterruptedException {
        return timeline(engine).stream()
                .filter(post -> !post.path("personaId").isNull())
                .mapToLong(post -> Long.parseLong(post.path("id").asString()))
                .max()
                .orElse(0);
    }

    private static List<String> mentionIds(List<JsonNode> timeline) {
        return timeline.stream()
                .filter(post -> post.path("personaId").isNull())
                .sorted(Comparator.comparing(
                        post -> Long.parseLong(post.path("id").asString())))
                .map(post -> post.path("id").asString())
                .toList();
    }

    private static Map<String, List<JsonNode>> repliesByMention(List<JsonNode> timeline) {
        return timeline.stream()
                .filter(post -> !post.path("personaId").isNull()
                        && !post.path("inReplyTo").isNull())
                .collect(Collectors.groupingBy(post -> post.path("inReplyTo").asString()));
    }

    private static JdbcClient database(Path dataDir) {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL(DatabaseUrlDefaults.h2Url(dataDir));
        return JdbcClient.create(h2);
    }
}
