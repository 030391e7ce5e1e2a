package dev.puppetengine.web.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The events and mood API in the whole engine over HTTP: the sandbox, the sample cast, the offline composer and the
 * real embedding model (DESIGN §4.4, §8).
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "spring.datasource.url=jdbc:h2:mem:events-api-it;DB_CLOSE_DELAY=-1",
            "puppet.config-dir=config/agents",
            "puppet.data-dir=target/events-api-it",
            ApiToken.ENV_VARIABLE + "=" + EventsApiIT.TOKEN
        })
class EventsApiIT {

    static final String TOKEN = "events-api-it-token";
    private static final JsonMapper JSON = ApiClient.JSON;
    private static final String HEADLINE = "Astronomers spot a bright new comet heading for the inner solar system";

    @LocalServerPort
    int port;

    private final ApiClient api = new ApiClient(() -> port, TOKEN);

    private JsonNode eventById(String id) throws Exception {
        for (JsonNode event : api.get("/api/events?limit=200")) {
            if (event.get("id").asString().equals(id)) {
                return event;
            }
        }
        throw new AssertionError("event " + id + " is not listed");
    }

    @Test
    void a_news_event_for_two_personas_leaves_each_an_event_memory_moves_a_mood_and_is_handled() throws Exception {
        List<JsonNode> moodsBefore = new ArrayList<>();
        api.get("/api/agents").forEach(agent -> moodsBefore.add(agent.get("mood")));

        HttpResponse<String> accepted = api.post(
                "/api/events",
                "{\"type\": \"news\", \"data\": {\"headline\": \"" + HEADLINE + "\", \"topic\": \"space\"},"
                        + " \"targetAgentIds\": [\"juniper\", \"marlow\"], \"priority\": \"high\"}");

        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        JsonNode event = JSON.readTree(accepted.body());
        assertThat(event.get("type").asString()).isEqualTo("news");
        assertThat(event.get("priority").asString()).isEqualTo("high");
        assertThat(event.get("targetAgentIds").toString()).isEqualTo("[\"juniper\",\"marlow\"]");
        String id = event.get("id").asString();

        Awaitility.await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
            JsonNode listed = eventById(id);
            assertThat(listed.get("status").asString()).isEqualTo("handled");
            assertThat(listed.get("handledAt").isNull()).isFalse();
        });

        String query = URLEncoder.encode("a comet was discovered by stargazers", StandardCharsets.UTF_8);
        for (String persona : List.of("juniper", "marlow")) {
            Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                JsonNode recalled = api.get("/api/agents/" + persona + "/memories?limit=3&query=" + query);
                List<String> eventMemories = new ArrayList<>();
                recalled.forEach(memory -> {
                    if (memory.get("type").asString().equals("event")) {
                        eventMemories.add(memory.get("content").asString());
                    }
                });
                assertThat(eventMemories)
                        .anySatisfy(content -> assertThat(content).contains(HEADLINE));
            });
        }
        List<JsonNode> moodsAfter = new ArrayList<>();
        api.get("/api/agents").forEach(agent -> moodsAfter.add(agent.get("mood")));
        assertThat(moodsAfter).isNotEqualTo(moodsBefore);
        JsonNode juniperMood = api.get("/api/agents/juniper/mood");
        assertThat(juniperMood.get("history").toString()).contains("news: " + HEADLINE);
    }

    @Nested
    class Mood {

        @Test
        void a_shift_returns_the_new_clamped_mood_and_is_in_its_history() throws Exception {
            HttpResponse<String> shifted = api.post(
                    "/api/agents/tess/mood", "{\"valenceShift\": 0.4, \"arousalShift\": 1, \"dominanceShift\": 0.9}");

            assertThat(shifted.statusCode()).as(shifted.body()).isEqualTo(200);
            JsonNode mood = JSON.readTree(shifted.body());
            assertThat(mood.get("arousal").asDouble()).isEqualTo(1.0);
            assertThat(mood.get("dominance").asDouble()).isEqualTo(1.0);
            assertThat(mood.get("valence").asDouble()).isGreaterThan(0.3);
            assertThat(mood.get("words").asString()).isEqualTo("restless, upbeat and assertive");
            assertThat(api.get("/api/agents/tess/mood").get("history").toString())
                    .contains("operator shift");
        }

        @Test
        void an_unknown_persona_is_a_404_problem() throws Exception {
            HttpResponse<String> response = api.post("/api/agents/nobody/mood", "{\"valenceShift\": 0.1}");

            assertThat(response.statusCode()).isEqualTo(404);
            assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        }

        @Test
        void a_shift_out_of_range_or_of_the_wrong_type_is_a_400_naming_the_field() throws Exception {
            assertThat(problemField(api.post("/api/agents/tess/mood", "{\"valenceShift\": 3}")))
                    .isEqualTo("/valenceShift");
            assertThat(problemField(api.post("/api/agents/tess/mood", "{\"arousalShift\": \"up\"}")))
                    .isEqualTo("/arousalShift");
        }
    }

    @Nested
    class Bad_events {

        @Test
        void are_400_problems_naming_the_field() throws Exception {
            assertThat(problemField(api.post("/api/events", "{\"data\": {}}"))).isEqualTo("/type");
            assertThat(problemField(api.post("/api/events", "{\"type\": \"news\", \"data\": {\"topic\": \"x\"}}")))
                    .isEqualTo("/data/headline");
            assertThat(problemField(api.post(
                            "/api/events",
                            "{\"type\": \"news\", \"data\": {\"headline\": \"h\"}, \"priority\": \"now\"}")))
                    .isEqualTo("/priority");
            assertThat(problemField(api.post(
                            "/api/events",
                            "{\"type\": \"news\", \"data\": {\"headline\": \"h\"}, \"targetAgentIds\": [\"nobody\"]}")))
                    .isEqualTo("/targetAgentIds/0");
            assertThat(problemField(api.post(
                            "/api/events",
                            "{\"type\": \"news\", \"data\": {\"headline\": \"h\"}, \"delaySeconds\": -1}")))
                    .isEqualTo("/delaySeconds");
            assertThat(problemField(api.post(
                            "/api/events",
                            "{\"type\": \"mood_shift\", \"data\": {\"name\": \"joy\", \"valence_shift\": \"lots\"}}")))
                    .isEqualTo("/data/valence_shift");
        }

        @Test
        void a_delayed_operator_defined_event_is_stored_and_listed_as_pending() throws Exception {
            HttpResponse<String> accepted = api.post(
                    "/api/events",
                    "{\"type\": \"launch_party\", \"data\": {\"venue\": \"roof\"}, \"delaySeconds\": 86400}");

            assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
            JsonNode listed = eventById(JSON.readTree(accepted.body()).get("id").asString());
            assertThat(listed.get("status").asString()).isEqualTo("pending");
            assertThat(listed.get("data").get("venue").asString()).isEqualTo("roof");
        }
    }

    private static String problemField(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        return JSON.readTree(response.body()).get("field").asString();
    }
}
