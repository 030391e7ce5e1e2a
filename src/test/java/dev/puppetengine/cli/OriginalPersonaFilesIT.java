package dev.puppetengine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The five persona files of the original project (issue 9, "done when" 1) run unchanged: their empty
 * {@code twitter_credentials} mean "none of its own", which the sandbox does not need.
 */
class OriginalPersonaFilesIT {

    private static final List<String> IDS =
            List.of("claudia-agent", "coby-agent", "example-agent", "news-bot", "test-grok-agent");

    @Test
    void runs_every_original_persona_in_the_sandbox(@TempDir Path root) throws Exception {
        Path config = copyOfOriginals(root);

        try (RunCommandIT.Engine engine = RunCommandIT.start(config, root.resolve("data"))) {
            JsonNode agents = get(engine, "/api/agents");

            assertThat(agents.valueStream().map(agent -> agent.get("id").asString()))
                    .containsExactlyInAnyOrderElementsOf(IDS);
            for (String id : IDS) {
                JsonNode details = get(engine, "/api/agents/" + id);
                assertThat(details.get("state").get("seededAt").isNull()).as(id).isFalse();
            }
        }
    }

    private static Path copyOfOriginals(Path root) throws IOException {
        Path config = Files.createDirectories(root.resolve("agents"));
        try (Stream<Path> files = Files.list(Path.of("src/test/resources/personas/original"))) {
            for (Path file : files.toList()) {
                Files.copy(file, config.resolve(file.getFileName()));
            }
        }
        return config;
    }

    private static JsonNode get(RunCommandIT.Engine engine, String path) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(engine.base().resolve(path))
                                .header("Authorization", "Bearer " + engine.token())
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path).isEqualTo(200);
        return JsonMapper.shared().readTree(response.body());
    }
}
