package dev.puppetengine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code ./puppet run --config DIR} on the directory {@code validate} refuses (issue 8, "done when" 4): the engine
 * starts, serves exactly the valid personas and logs each bad entry as one line, without a stack trace.
 */
@ExtendWith(OutputCaptureExtension.class)
class BadPersonaFilesIT {

    @Test
    void starts_the_valid_personas_and_logs_each_bad_file_on_one_line(@TempDir Path root, CapturedOutput log)
            throws Exception {
        Path config = BadPersonaFiles.create(root);

        try (RunCommandIT.Engine engine = RunCommandIT.start(config, root.resolve("data"))) {
            HttpResponse<String> agents = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(engine.base().resolve("/api/agents"))
                                    .header("Authorization", "Bearer " + engine.token())
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());

            assertThat(agents.statusCode()).isEqualTo(200);
            JsonNode list = JsonMapper.shared().readTree(agents.body());
            assertThat(list.valueStream().map(agent -> agent.get("id").asString()))
                    .containsExactlyInAnyOrderElementsOf(BadPersonaFiles.VALID_IDS);
        }
        for (java.util.List<String> expected : BadPersonaFiles.EXPECTED) {
            assertThat(log.getOut()).as(expected.get(0)).contains(config + "/" + expected.get(1));
        }
        assertThat(log.getAll())
                .doesNotContain("\tat ", "Exception", "SQL")
                .contains("Loaded 2 persona(s) from " + config);
    }
}
