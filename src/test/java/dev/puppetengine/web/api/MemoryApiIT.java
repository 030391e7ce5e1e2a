package dev.puppetengine.web.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The memories API in the whole engine over HTTP, with the real embedding model and the sample personas. */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "spring.datasource.url=jdbc:h2:mem:memory-api-it;DB_CLOSE_DELAY=-1",
            "puppet.config-dir=config/agents",
            "puppet.data-dir=target/memory-api-it",
            ApiToken.ENV_VARIABLE + "=" + MemoryApiIT.TOKEN
        })
class MemoryApiIT {

    static final String TOKEN = "memory-api-it-token";
    private static final JsonMapper JSON = ApiClient.JSON;

    @LocalServerPort
    int port;

    private final ApiClient api = new ApiClient(() -> port, TOKEN);

    @Test
    void a_posted_memory_is_listed_and_then_recalled_by_meaning() throws Exception {
        HttpResponse<String> created = api.send(HttpRequest.newBuilder(api.uri("/api/agents/tess/memories"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"content\": \"Replaced the leaking capacitors in a Commodore 64\", \"type\": \"event\","
                                + " \"importance\": 0.7}")));

        assertThat(created.statusCode()).isEqualTo(201);
        JsonNode newest = JSON.readTree(api.send(HttpRequest.newBuilder(api.uri("/api/agents/tess/memories?limit=1")))
                .body());
        assertThat(newest.get(0).get("content").asString())
                .isEqualTo("Replaced the leaking capacitors in a Commodore 64");

        String query = URLEncoder.encode("repairing an old home computer", StandardCharsets.UTF_8);
        Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            JsonNode recalled = JSON.readTree(
                    api.send(HttpRequest.newBuilder(api.uri("/api/agents/tess/memories?limit=1&query=" + query)))
                            .body());
            assertThat(recalled.findValuesAsString("content"))
                    .contains("Replaced the leaking capacitors in a Commodore 64");
        });
    }

    @Test
    void an_unknown_persona_is_a_404_problem() throws Exception {
        HttpResponse<String> response = api.send(HttpRequest.newBuilder(api.uri("/api/agents/nobody/memories")));

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    }
}
