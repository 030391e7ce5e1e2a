package dev.puppetengine.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.notContaining;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import dev.puppetengine.shared.DatabaseUrlDefaults;
import dev.puppetengine.social.twitter.XStub;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Done-when 1 of issue 11: {@code ./puppet run --live} (the jar in a child process) against a WireMock X on
 * localhost speaking X's wire format. Two runs on one data dir. The first, before the AI-replies approval and
 * without a default account: a mention is read and its reply held with a decision; the persona without credentials
 * is not started ({@code not_live}); X's 401 for the third persona shows as {@code auth_error}. The second, approved
 * and with the default account: an original post after a 429 (waiting for the reset), one reply per mention (a 503
 * on the first send, looked up and sent once more), the opt-out word and its silence afterwards, the held mention
 * not answered later, and the default account's reply refused as duplicate content: failed, never retried.
 */
class LiveModeIT {

    private static final Duration WITHIN = Duration.ofMinutes(4);

    @TempDir
    Path work;

    private WireMockServer x;
    private @org.jspecify.annotations.Nullable EngineProcess engine;

    @BeforeEach
    void startX() {
        x = new WireMockServer(XStub.options().bindAddress("127.0.0.1"));
        x.start();
    }

    @AfterEach
    void stopAll() throws Exception {
        EngineProcess started = engine;
        if (started != null) {
            started.close();
        }
        x.stop();
        // kept for a failed run: the engine's own logs
        Path kept = Files.createDirectories(Path.of("target/live-mode-it"));
        for (String log : List.of("run1.log", "run2.log")) {
            if (Files.exists(work.resolve(log))) {
                Files.copy(work.resolve(log), kept.resolve(log), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    @Test
    void runs_against_x_under_the_platform_policy() throws Exception {
        Path config = Files.createDirectories(work.resolve("agents"));
        Path dataDir = work.resolve("data");
        persona(config, "ada", "ada-token");
        persona(config, "bo", null);
        persona(config, "cy", "cy-token");
        stubAccounts();

        // Run 1: replies not approved yet, no default account.
        stubMentions("100", List.of(mention("1001", "7", "@ada_live what do you think about tea?")));
        engine = EngineProcess.startLive(config, dataDir, work.resolve("run1.log"), environment(false, false));

        await().atMost(WITHIN).until(() -> hasDecision("ada", "held", "1001"));
        JsonNode held = decision("ada", "held", "1001");
        assertThat(held.path("reason").asString()).contains("puppet.x.ai-replies-approved");
        await().atMost(WITHIN).until(() -> statusOf("cy").equals("auth_error"));
        assertThat(running().get("/api/agents/bo").path("state").path("status").asString())
                .isEqualTo("not_live");
        assertThat(running()
                        .get("/api/agents/bo")
                        .path("state")
                        .path("statusDetail")
                        .asString())
                .contains("TWITTER_API_KEY");
        x.verify(0, postRequestedFor(urlPathEqualTo("/2/tweets")));
        assertThat(running().log()).contains("bo is not started live").doesNotContain("ada-secret", "cy-secret");
        assertThat(running().terminate(Duration.ofMinutes(1))).isZero();

        // Between the runs: ada's first post is due now (instead of in 1 to 5 minutes).
        database(dataDir)
                .sql(
                        "UPDATE scheduled_tasks SET execution_time = ? WHERE task_name = 'post-due' AND task_instance = 'ada'")
                .param(Instant.now().atOffset(ZoneOffset.UTC))
                .update();

        // Run 2: approved, with the default account for bo.
        stubMentions(
                "100",
                List.of(
                        mention("1001", "7", "@ada_live what do you think about tea?"),
                        mention("1002", "7", "@ada_live and coffee?"),
                        mention("1003", "8", "@ada_live stop"),
                        mention("1004", "8", "@ada_live are you still there?")));
        stubMentions("200", List.of(mention("2001", "7", "@bo_live hi there")));
        stubOriginalPostAfterA429();
        stubReplyAfterA503("1002", "5002");
        x.stubFor(post(urlPathEqualTo("/2/tweets"))
                .withHeader("Authorization", token("default-token"))
                .withRequestBody(containing("\"in_reply_to_tweet_id\":\"2001\""))
                .willReturn(json(
                        403,
                        "{\"detail\":\"You are not allowed to create a Tweet with duplicate content.\","
                                + "\"type\":\"about:blank\",\"title\":\"Forbidden\",\"status\":403}")));
        engine = EngineProcess.startLive(config, dataDir, work.resolve("run2.log"), environment(true, true));

        await().atMost(WITHIN).until(() -> hasDecision("ada", "posted", "5002"));
        await().atMost(WITHIN).until(() -> hasDecision("ada", "refused", "1004"));
        await().atMost(WITHIN).until(() -> hasDecision("bo", "failed", "2001"));
        await().atMost(WITHIN)
                .until(() ->
                        running().get("/api/posts?agentId=ada&status=posted").size() == 2);

        assertThat(decision("ada", "refused", "1003").path("reason").asString()).contains("opted out with 'stop'");
        assertThat(decision("ada", "refused", "1004").path("reason").asString())
                .contains("opted out with 'stop' in 1003");
        assertThat(decision("bo", "failed", "2001").path("reason").asString()).contains("duplicate content");
        assertThat(statusOf("bo")).isNotEqualTo("not_live");
        // one reply per mention: 1002 answered (sent twice: the 503 left it unknown, the lookup did not find it)
        x.verify(2, postRequestedFor(urlPathEqualTo("/2/tweets")).withRequestBody(containing("\"1002\"")));
        for (String unanswered : List.of("1001", "1003", "1004")) {
            x.verify(
                    0,
                    postRequestedFor(urlPathEqualTo("/2/tweets")).withRequestBody(containing('"' + unanswered + '"')));
        }
        x.verify(getRequestedFor(urlPathEqualTo("/2/users/100/tweets")));
        // the original: a 429, then sent again after the reset
        x.verify(
                2,
                postRequestedFor(urlPathEqualTo("/2/tweets"))
                        .withHeader("Authorization", token("ada-token"))
                        .withRequestBody(notContaining("in_reply_to_tweet_id")));
        // duplicate content is permanent: the reply of the default account was sent once
        x.verify(1, postRequestedFor(urlPathEqualTo("/2/tweets")).withRequestBody(containing("\"2001\"")));
        JsonNode failed = running().get("/api/posts?agentId=bo&status=failed");
        assertThat(failed)
                .anySatisfy(
                        item -> assertThat(item.path("inReplyTo").asString()).isEqualTo("2001"));
        assertThat(running().log()).doesNotContain("ada-secret", "default-secret", "cy-secret");
        assertThat(running().terminate(Duration.ofMinutes(1))).isZero();
    }

    private Map<String, String> environment(boolean approved, boolean defaultAccount) {
        Map<String, String> env = new HashMap<>();
        env.put("PUPPET_X_BASEURL", x.baseUrl());
        // recall is not what this test is about: the hashing embedder spares loading the MiniLM model twice
        env.put("PUPPET_MEMORY_EMBEDDER", "hashing");
        env.put("PUPPET_X_AIREPLIESAPPROVED", Boolean.toString(approved));
        env.put("PUPPET_X_READS_ACTIVEINTERVAL", "2s");
        env.put("PUPPET_X_READS_QUIETINTERVAL", "2s");
        // the stubs are per-persona mentions timelines; the cast-wide search has tests of its own
        env.put("PUPPET_X_READS_CASTSEARCH", "false");
        for (String key : List.of("OPENAI_API_KEY", "XAI_API_KEY", "OPENROUTER_API_KEY", "ANTHROPIC_API_KEY")) {
            env.put(key, "");
        }
        env.put("OLLAMA_BASE_URL", "");
        env.put("TWITTER_API_KEY", defaultAccount ? "default-key" : "");
        env.put("TWITTER_API_KEY_SECRET", defaultAccount ? "default-secret" : "");
        env.put("TWITTER_ACCESS_TOKEN", defaultAccount ? "default-token" : "");
        env.put("TWITTER_ACCESS_TOKEN_SECRET", defaultAccount ? "default-secret" : "");
        return env;
    }

    private static void persona(Path config, String id, @org.jspecify.annotations.Nullable String token)
            throws Exception {
        String credentials = token == null
                ? ""
                : ", \"twitter_credentials\": {\"apiKey\": \"" + id + "-key\", \"apiKeySecret\": \"" + id
                        + "-secret\", \"accessToken\": \"" + token + "\", \"accessTokenSecret\": \"" + id
                        + "-secret\"}";
        Files.writeString(
                config.resolve(id + ".json"), "{\"id\": \"" + id + "\", \"name\": \"" + id + "\"" + credentials + "}");
    }

    private void stubAccounts() {
        x.stubFor(me("ada-token").willReturn(okJson(user("100", "ada_live"))));
        x.stubFor(me("default-token").willReturn(okJson(user("200", "bo_live"))));
        x.stubFor(
                me("cy-token")
                        .willReturn(
                                json(
                                        401,
                                        "{\"title\":\"Unauthorized\",\"type\":\"about:blank\",\"status\":401,\"detail\":\"Unauthorized\"}")));
        x.stubFor(get(urlPathMatching("/2/users/[0-9]+/tweets")).willReturn(okJson("{\"meta\":{\"result_count\":0}}")));
        x.stubFor(get(urlPathEqualTo("/2/tweets/search/recent")).willReturn(okJson("{\"meta\":{\"result_count\":0}}")));
        x.stubFor(get(urlPathMatching("/2/tweets/[0-9]+"))
                .willReturn(okJson("{\"errors\":[{\"value\":\"0\",\"detail\":\"Could not find tweet.\",\"title\":"
                        + "\"Not Found Error\",\"resource_type\":\"tweet\",\"parameter\":\"id\",\"resource_id\":\"0\","
                        + "\"type\":\"https://api.x.com/2/problems/resource-not-found\"}]}")));
    }

    private static MappingBuilder me(String token) {
        return get(urlPathEqualTo("/2/users/me")).withHeader("Authorization", token(token));
    }

    private static com.github.tomakehurst.wiremock.matching.StringValuePattern token(String token) {
        return matching(".*oauth_token=\"" + token + "\".*");
    }

    private static String user(String id, String username) {
        return "{\"data\":{\"id\":\"" + id + "\",\"name\":\"" + username + "\",\"username\":\"" + username + "\"}}";
    }

    private record Mention(String id, String authorId, String text) {}

    private static Mention mention(String id, String authorId, String text) {
        return new Mention(id, authorId, text);
    }

    /** X's mentions timeline, newest first, with the authors in {@code includes.users}. */
    private void stubMentions(String userId, List<Mention> mentions) {
        StringBuilder data = new StringBuilder();
        for (Mention m : mentions.reversed()) {
            if (!data.isEmpty()) {
                data.append(',');
            }
            data.append("{\"id\":\"")
                    .append(m.id())
                    .append("\",\"text\":\"")
                    .append(m.text())
                    .append("\",\"author_id\":\"")
                    .append(m.authorId())
                    .append("\",\"conversation_id\":\"")
                    .append(m.id())
                    .append("\",\"created_at\":\"2030-01-01T00:00:0")
                    .append(m.id().charAt(3))
                    .append(".000Z\",\"edit_history_tweet_ids\":[\"")
                    .append(m.id())
                    .append("\"]}");
        }
        String body = "{\"data\":[" + data + "],\"includes\":{\"users\":[{\"id\":\"7\",\"name\":\"Carol\",\"username\":"
                + "\"carol\"},{\"id\":\"8\",\"name\":\"Dan\",\"username\":\"dan\"}]},\"meta\":{\"result_count\":"
                + mentions.size() + ",\"newest_id\":\"" + mentions.getLast().id() + "\",\"oldest_id\":\""
                + mentions.getFirst().id() + "\"}}";
        x.stubFor(get(urlPathEqualTo("/2/users/" + userId + "/mentions"))
                .willReturn(okJson(body)
                        .withHeader("x-rate-limit-limit", "75")
                        .withHeader("x-rate-limit-remaining", "70")
                        .withHeader(
                                "x-rate-limit-reset",
                                Long.toString(Instant.now().getEpochSecond() + 900))));
    }

    private void stubOriginalPostAfterA429() {
        MappingBuilder original = post(urlPathEqualTo("/2/tweets"))
                .withHeader("Authorization", token("ada-token"))
                .withRequestBody(notContaining("in_reply_to_tweet_id"));
        x.stubFor(original.inScenario("original")
                .whenScenarioStateIs(STARTED)
                .willSetStateTo("limited")
                .willReturn(json(
                                429,
                                "{\"title\":\"Too Many Requests\",\"detail\":\"Too Many Requests\",\"type\":"
                                        + "\"about:blank\",\"status\":429}")
                        .withHeader("x-rate-limit-limit", "100")
                        .withHeader("x-rate-limit-remaining", "0")
                        .withHeader(
                                "x-rate-limit-reset",
                                Long.toString(Instant.now().getEpochSecond() + 3))));
        x.stubFor(post(urlPathEqualTo("/2/tweets"))
                .withHeader("Authorization", token("ada-token"))
                .withRequestBody(notContaining("in_reply_to_tweet_id"))
                .inScenario("original")
                .whenScenarioStateIs("limited")
                .willReturn(json(
                        201,
                        "{\"data\":{\"id\":\"5001\",\"text\":\"posted\",\"edit_history_tweet_ids\":"
                                + "[\"5001\"]}}")));
    }

    private void stubReplyAfterA503(String mentionId, String replyId) {
        x.stubFor(post(urlPathEqualTo("/2/tweets"))
                .withRequestBody(containing("\"in_reply_to_tweet_id\":\"" + mentionId + "\""))
                .inScenario("reply")
                .whenScenarioStateIs(STARTED)
                .willSetStateTo("unavailable once")
                .willReturn(json(
                        503,
                        "{\"title\":\"Service Unavailable\",\"type\":\"about:blank\",\"status\":503,"
                                + "\"detail\":\"Service Unavailable\"}")));
        x.stubFor(post(urlPathEqualTo("/2/tweets"))
                .withRequestBody(containing("\"in_reply_to_tweet_id\":\"" + mentionId + "\""))
                .inScenario("reply")
                .whenScenarioStateIs("unavailable once")
                .willReturn(json(
                        201,
                        "{\"data\":{\"id\":\"" + replyId + "\",\"text\":\"reply\",\"edit_history_tweet_ids\":[\""
                                + replyId + "\"]}}")));
    }

    /** X's answer: JSON, or an RFC 7807 problem ({@code application/problem+json}) for a 4xx or 5xx. */
    private static ResponseDefinitionBuilder json(int status, String body) {
        return aResponse()
                .withStatus(status)
                .withHeader("Content-Type", status >= 400 ? "application/problem+json" : "application/json")
                .withBody(body);
    }

    private boolean hasDecision(String agent, String outcome, String inputOrReason) throws Exception {
        return find(agent, outcome, inputOrReason) != null;
    }

    private JsonNode decision(String agent, String outcome, String inputOrReason) throws Exception {
        JsonNode found = find(agent, outcome, inputOrReason);
        assertThat(found)
                .as("a %s decision of %s about %s", outcome, agent, inputOrReason)
                .isNotNull();
        return java.util.Objects.requireNonNull(found);
    }

    private @org.jspecify.annotations.Nullable JsonNode find(String agent, String outcome, String inputOrReason)
            throws Exception {
        JsonNode decisions = running().get("/api/decisions?agentId=" + agent + "&limit=500");
        return StreamSupport.stream(decisions.spliterator(), false)
                .filter(d -> d.path("outcome").asString().equals(outcome))
                .filter(d -> d.path("inputRef").asString("").equals(inputOrReason)
                        || d.path("reason").asString().contains(inputOrReason))
                .findFirst()
                .orElse(null);
    }

    private String statusOf(String agent) throws Exception {
        return running()
                .get("/api/agents/" + agent)
                .path("state")
                .path("status")
                .asString();
    }

    private EngineProcess running() {
        return java.util.Objects.requireNonNull(engine, "the engine is not started");
    }

    private static JdbcClient database(Path dataDir) {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL(DatabaseUrlDefaults.h2Url(dataDir));
        return JdbcClient.create(h2);
    }
}
