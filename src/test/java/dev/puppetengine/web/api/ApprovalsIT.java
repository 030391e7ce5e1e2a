package dev.puppetengine.web.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Issue 12, the approval queue in the whole engine over HTTP: Juniper's file says {@code "approval": "replies"}, so
 * its replies to sandbox mentions wait; one approved with an edited text is on the sandbox timeline once, with that
 * text; a rejected one never; one left alone expires with a decision. Offline composer, persona time at x60 (the
 * mention step every two real seconds), {@code expire-after} 20 persona minutes (20 real seconds).
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "spring.datasource.url=jdbc:h2:mem:approvals-it;DB_CLOSE_DELAY=-1",
            "puppet.data-dir=target/approvals-it",
            "puppet.speed=60",
            "puppet.approvals.expire-after=20m",
            "puppet.events.random.mood.enabled=false",
            "puppet.events.random.interactions.enabled=false",
            "puppet.memory.embedder=hashing",
            ApiToken.ENV_VARIABLE + "=" + ApprovalsIT.TOKEN
        })
class ApprovalsIT {

    static final String TOKEN = "approvals-it-token";
    private static final JsonMapper JSON = ApiClient.JSON;
    private static final Duration WAIT = Duration.ofSeconds(60);

    @LocalServerPort
    int port;

    private final ApiClient api = new ApiClient(() -> port, TOKEN);

    /** The sample cast in a scratch config dir, Juniper's replies waiting for approval. */
    @DynamicPropertySource
    static void configDir(DynamicPropertyRegistry registry) {
        try {
            Path dir = Files.createTempDirectory(Files.createDirectories(Path.of("target")), "approvals-it-agents-");
            try (Stream<Path> files = Files.list(Path.of("config/agents"))) {
                for (Path file : files.toList()) {
                    Files.copy(file, dir.resolve(file.getFileName()));
                }
            }
            ObjectNode juniper = (ObjectNode) JSON.readTree(Files.readString(dir.resolve("juniper.json")));
            juniper.put("approval", "replies");
            Files.writeString(dir.resolve("juniper.json"), JSON.writeValueAsString(juniper));
            registry.add("puppet.config-dir", dir::toString);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String mention(String author, String text) throws Exception {
        HttpResponse<String> created =
                api.post("/api/sandbox/posts", "{\"author\": \"" + author + "\", \"text\": \"@juniper " + text + "\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return JSON.readTree(created.body()).get("id").asString();
    }

    /** Juniper's reply to {@code mentionId} once it waits in the queue. */
    private JsonNode waitingReplyTo(String mentionId) {
        return Awaitility.await()
                .atMost(WAIT)
                .until(() -> findWaiting(mentionId), Optional::isPresent)
                .orElseThrow();
    }

    private Optional<JsonNode> findWaiting(String mentionId) throws Exception {
        for (JsonNode item : api.get("/api/approvals?agentId=juniper")) {
            if (mentionId.equals(item.path("inReplyTo").asString(""))) {
                return Optional.of(item);
            }
        }
        return Optional.empty();
    }

    private List<JsonNode> repliesOnTimelineTo(String mentionId) throws Exception {
        List<JsonNode> replies = new ArrayList<>();
        for (JsonNode post : api.get("/api/sandbox/timeline?limit=200")) {
            if (mentionId.equals(post.path("inReplyTo").asString(""))
                    && "juniper".equals(post.path("personaId").asString(""))) {
                replies.add(post);
            }
        }
        return replies;
    }

    private List<String> outcomesFor(String mentionId) throws Exception {
        List<String> outcomes = new ArrayList<>();
        for (JsonNode decision : api.get("/api/decisions?agentId=juniper&limit=500")) {
            if (mentionId.equals(decision.path("inputRef").asString(""))) {
                outcomes.add(decision.get("outcome").asString());
            }
        }
        return outcomes;
    }

    @Test
    void waiting_replies_go_out_once_when_approved_never_when_rejected_and_expire_when_left() throws Exception {
        String approvedMention = mention("ada_reader", "what do moths eat?");
        String rejectedMention = mention("bo_reader", "do you like lamps?");
        JsonNode toApprove = waitingReplyTo(approvedMention);
        JsonNode toReject = waitingReplyTo(rejectedMention);
        assertThat(toApprove.get("kind").asString()).isEqualTo("reply");
        assertThat(repliesOnTimelineTo(approvedMention)).isEmpty();

        HttpResponse<String> approved = api.post(
                "/api/approvals/" + toApprove.get("id").asLong() + "/approve",
                "{\"text\": \"nectar, mostly, and the odd rotten plum\"}");
        HttpResponse<String> rejected =
                api.post("/api/approvals/" + toReject.get("id").asLong() + "/reject", "{\"reason\": \"no lamps\"}");

        assertThat(approved.statusCode()).as(approved.body()).isEqualTo(200);
        assertThat(rejected.statusCode()).as(rejected.body()).isEqualTo(200);
        Awaitility.await()
                .atMost(WAIT)
                .untilAsserted(() -> assertThat(repliesOnTimelineTo(approvedMention))
                        .extracting(post -> post.get("text").asString())
                        .containsExactly("nectar, mostly, and the odd rotten plum"));
        HttpResponse<String> twice =
                api.post("/api/approvals/" + toApprove.get("id").asLong() + "/approve", "{}");
        assertThat(twice.statusCode()).isEqualTo(409);

        String leftMention = mention("cy_reader", "are you awake?");
        JsonNode left = waitingReplyTo(leftMention);
        // Listing the queue expires what is due (the approval-expiry task does it every real minute too).
        Awaitility.await().atMost(WAIT).untilAsserted(() -> {
            api.get("/api/approvals");
            assertThat(outcomesFor(leftMention)).contains("expired");
        });

        assertThat(findWaiting(leftMention)).isEmpty();
        assertThat(api.post("/api/approvals/" + left.get("id").asLong() + "/approve", "{}")
                        .statusCode())
                .isEqualTo(409);
        assertThat(repliesOnTimelineTo(approvedMention)).hasSize(1);
        assertThat(repliesOnTimelineTo(rejectedMention)).isEmpty();
        assertThat(repliesOnTimelineTo(leftMention)).isEmpty();
        assertThat(outcomesFor(approvedMention)).contains("awaiting_approval", "edited", "posted");
        assertThat(outcomesFor(rejectedMention)).contains("awaiting_approval", "rejected");
    }
}
