package dev.puppetengine.web.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code POST /api/agents} in the whole engine over HTTP (DESIGN §8): the created persona comes alive without a restart
 * and posts in the sandbox on its own schedule, persona time running 600 times faster ({@code puppet.speed}).
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "spring.datasource.url=jdbc:h2:mem:agent-creation-it;DB_CLOSE_DELAY=-1",
            "puppet.config-dir=" + AgentCreationIT.CONFIG_DIR,
            "puppet.data-dir=target/agent-creation-it/data",
            "puppet.speed=600",
            ApiToken.ENV_VARIABLE + "=" + AgentCreationIT.TOKEN
        })
class AgentCreationIT {

    static final String TOKEN = "agent-creation-it-token";
    static final String CONFIG_DIR = "target/agent-creation-it/agents";
    private static final JsonMapper JSON = ApiClient.JSON;

    static {
        // Only Juniper's file, in a scratch config dir the test may write to.
        try {
            Path dir = Path.of(CONFIG_DIR);
            if (Files.exists(dir)) {
                try (Stream<Path> old = Files.walk(dir)) {
                    for (Path path : old.sorted(Comparator.reverseOrder()).toList()) {
                        Files.delete(path);
                    }
                }
            }
            Files.createDirectories(dir);
            Files.copy(Path.of("config/agents/juniper.json"), dir.resolve("juniper.json"));
        } catch (IOException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @LocalServerPort
    int port;

    private final ApiClient api = new ApiClient(() -> port, TOKEN);

    @Test
    void a_created_persona_posts_in_the_sandbox_without_a_restart() throws Exception {
        ObjectNode wren = (ObjectNode) JSON.readTree(Files.readString(Path.of("config/agents/juniper.json")));
        wren.put("id", "wren");
        wren.put("name", "Wren Okafor");

        HttpResponse<String> created = api.send(HttpRequest.newBuilder(api.uri("/api/agents"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(wren))));

        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(created.headers().firstValue("Location")).hasValue("/api/agents/wren");
        assertThat(Path.of(CONFIG_DIR, "wren.json")).exists();
        HttpResponse<String> again = api.send(HttpRequest.newBuilder(api.uri("/api/agents"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(wren))));
        assertThat(again.statusCode()).isEqualTo(409);

        Awaitility.await().atMost(Duration.ofSeconds(120)).untilAsserted(() -> {
            JsonNode posted = api.get("/api/posts?agentId=wren&status=posted");
            assertThat(posted).isNotEmpty();
            String text = posted.get(0).get("text").asString();
            assertThat(api.get("/api/sandbox/timeline").toString()).contains(JSON.writeValueAsString(text));
        });
        assertThat(api.get("/api/agents/wren").get("nextPostAt").isNull()).isFalse();
    }
}
