package dev.puppetengine.web.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Issue 10, Done-when 2, in the whole engine over HTTP: an {@code interaction_prompt} posted to {@code /api/events}
 * makes Marlow reply to a real post of Juniper in the sandbox; the two sample personas then talk until the turn cap
 * (the default, 4 replies per persona per conversation) stops them; both relationships change and are listed; the
 * decisions API says why each step happened. Offline composer, persona time at x3600, the random sources off so
 * nothing but the prompt starts a conversation.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "spring.datasource.url=jdbc:h2:mem:interaction-prompt-it;DB_CLOSE_DELAY=-1",
            "puppet.config-dir=config/agents",
            "puppet.data-dir=target/interaction-prompt-it",
            "puppet.speed=3600",
            // the sample Marlow trades every 1-3 persona hours; this test is about talk, not trades
            "puppet.solana.trading=false",
            "puppet.events.random.mood.enabled=false",
            "puppet.events.random.interactions.enabled=false",
            "puppet.memory.embedder=hashing",
            ApiToken.ENV_VARIABLE + "=" + InteractionPromptIT.TOKEN
        })
class InteractionPromptIT {

    static final String TOKEN = "interaction-prompt-it-token";
    private static final JsonMapper JSON = ApiClient.JSON;
    private static final int TURN_CAP = 4;
    /** A prompt ends in a like or nothing about half the time (the model's choice, then Marlow's probabilities). */
    private static final int MAX_PROMPTS = 16;

    @LocalServerPort
    int port;

    private final ApiClient api = new ApiClient(() -> port, TOKEN);

    private String postEvent(String body) throws Exception {
        HttpResponse<String> accepted = api.post("/api/events", body);
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        return JSON.readTree(accepted.body()).get("id").asString();
    }

    private List<JsonNode> timeline() throws Exception {
        List<JsonNode> posts = new ArrayList<>();
        api.get("/api/sandbox/timeline?limit=200").forEach(posts::add);
        return posts;
    }

    private List<JsonNode> decisions(String agentId) throws Exception {
        List<JsonNode> decisions = new ArrayList<>();
        api.get("/api/decisions?agentId=" + agentId + "&limit=500").forEach(decisions::add);
        return decisions;
    }

    private static boolean isOriginalBy(JsonNode post, String personaId) {
        return personaId.equals(post.path("personaId").asString(""))
                && post.path("inReplyTo").isNull()
                && post.path("quoteOf").isNull();
    }

    /** Marlow's reaction decision that replied to one of Juniper's posts, once there is one. */
    private Optional<JsonNode> replyDecision() throws Exception {
        return decisions("marlow").stream()
                .filter(d -> d.get("kind").asString().equals("reaction")
                        && d.get("outcome").asString().equals("replied"))
                .findFirst();
    }

    @Test
    void an_interaction_prompt_starts_an_exchange_that_stops_at_the_turn_cap() throws Exception {
        Optional<JsonNode> replied = Optional.empty();
        for (int prompt = 0; prompt < MAX_PROMPTS && replied.isEmpty(); prompt++) {
            long juniperPosts = Awaitility.await()
                    .atMost(Duration.ofSeconds(60))
                    .until(
                            () -> timeline().stream()
                                    .filter(p -> isOriginalBy(p, "juniper"))
                                    .count(),
                            count -> count > 0);
            String id = postEvent("{\"type\": \"interaction_prompt\", \"data\": {\"initiator_id\": \"marlow\","
                    + " \"target_id\": \"juniper\", \"topic\": \"night skies\"}, \"targetAgentIds\": [\"marlow\"]}");
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> {
                for (JsonNode event : api.get("/api/events?limit=200")) {
                    if (event.get("id").asString().equals(id)) {
                        return event.get("status").asString().equals("handled");
                    }
                }
                return false;
            });
            replied = replyDecision();
            if (replied.isEmpty()) {
                // Liked or passed by: the next prompt needs a post of Juniper that Marlow has not read yet.
                Awaitility.await()
                        .atMost(Duration.ofSeconds(60))
                        .until(() -> timeline().stream()
                                        .filter(p -> isOriginalBy(p, "juniper"))
                                        .count()
                                > juniperPosts);
            }
        }
        assertThat(replied)
                .as("Marlow replied to Juniper within " + MAX_PROMPTS + " prompts")
                .isPresent();
        JsonNode why = replied.orElseThrow();
        assertThat(why.get("reason").asString()).startsWith("an interaction prompt about night skies; reply because ");
        String juniperPost = why.get("inputRef").asString();
        JsonNode original = timeline().stream()
                .filter(p -> p.get("id").asString().equals(juniperPost))
                .findFirst()
                .orElseThrow(() -> new AssertionError("Marlow's reply answers post " + juniperPost));
        assertThat(isOriginalBy(original, "juniper"))
                .as("a real post of Juniper")
                .isTrue();
        String conversation = original.get("conversationId").asString();

        // Juniper answers, Marlow answers back, and so on, until each has made TURN_CAP replies.
        Awaitility.await().atMost(Duration.ofSeconds(120)).untilAsserted(() -> {
            Map<String, Integer> replies = repliesIn(conversation);
            assertThat(replies).containsEntry("marlow", TURN_CAP).containsEntry("juniper", TURN_CAP);
            assertThat(decisions("marlow").stream()
                            .anyMatch(d -> d.get("kind").asString().equals("reply")
                                    && d.get("outcome").asString().equals("skipped")
                                    && d.get("reason").asString().startsWith("turn cap reached: 4 replies")))
                    .as("Marlow says why it stopped")
                    .isTrue();
        });
        // The last word was Juniper's: Marlow's next mention checks leave it unanswered, nobody goes past the cap.
        Awaitility.await()
                .pollDelay(Duration.ofSeconds(6))
                .atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(repliesIn(conversation))
                        .containsEntry("marlow", TURN_CAP)
                        .containsEntry("juniper", TURN_CAP));

        for (String[] pair : new String[][] {{"marlow", "juniper"}, {"juniper", "marlow"}}) {
            JsonNode relationships = api.get("/api/agents/" + pair[0] + "/relationships");
            JsonNode of = null;
            for (JsonNode r : relationships) {
                if (r.get("counterpartId").asString().equals(pair[1])) {
                    of = r;
                }
            }
            assertThat(of).as(pair[0] + " knows " + pair[1]).isNotNull();
            JsonNode relationship = java.util.Objects.requireNonNull(of);
            assertThat(relationship.get("familiarity").asDouble()).isGreaterThan(0);
            assertThat(relationship.get("interactions").size()).isGreaterThanOrEqualTo(TURN_CAP);
            assertThat(relationship.get("lastInteractionAt").asString()).isNotBlank();
            assertThat(relationship.has("sentiment") && relationship.has("trust") && relationship.has("notes"))
                    .isTrue();
            List<String> steps = new ArrayList<>();
            decisions(pair[0])
                    .forEach(d -> steps.add(
                            d.get("kind").asString() + "/" + d.get("outcome").asString()));
            assertThat(steps).as(pair[0] + "'s decisions").contains("relationship/updated");
        }
        assertThat(decisions("marlow").stream()
                        .anyMatch(d -> d.get("kind").asString().equals("event")
                                && d.get("reason")
                                        .asString()
                                        .startsWith("interaction prompt with juniper about night skies: ")))
                .as("the event's own decision")
                .isTrue();
    }

    /** Replies per persona in one conversation of the sandbox timeline. */
    private Map<String, Integer> repliesIn(String conversation) throws Exception {
        Map<String, Integer> replies = new HashMap<>();
        for (JsonNode post : timeline()) {
            if (post.get("conversationId").asString().equals(conversation)
                    && !post.path("inReplyTo").isNull()
                    && !post.path("personaId").isNull()) {
                replies.merge(post.get("personaId").asString(), 1, Integer::sum);
            }
        }
        return replies;
    }
}
