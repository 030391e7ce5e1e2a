package dev.puppetengine.social.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.puppetengine.social.twitter.XWireViolations;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SandboxExchangeTest {

    private static SandboxExchange me(String body) {
        return new SandboxExchange(
                "GET",
                "/2/users/me",
                Map.of("Accept", List.of("application/json")),
                "",
                200,
                Map.of("Content-Type", List.of("application/json")),
                body);
    }

    @Test
    void the_exchanges_an_engine_wrote_are_checked_and_a_torn_last_line_is_left(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("x-exchanges.jsonl");
        me("{\"data\":{\"id\":\"1\",\"name\":\"Ada\",\"username\":\"ada\"}}").appendTo(file);
        me("{\"data\":{\"id\":\"2\"}}").appendTo(file);
        long whole = Files.size(file);
        Files.writeString(file, "{\"method\":\"GE", StandardCharsets.UTF_8, StandardOpenOption.APPEND);

        assertThat(SandboxExchange.reportAll(file, 0)).isEqualTo(whole);
        assertThat(XWireViolations.check())
                .as("only the answer without X's default user fields is wrong")
                .containsExactly(
                        "GET /2/users/me → 200 (sandbox): data lacks X's default field 'name': {\"id\":\"2\"}",
                        "GET /2/users/me → 200 (sandbox): data lacks X's default field 'username': {\"id\":\"2\"}");
        assertThat(SandboxExchange.reportAll(file, whole)).as("nothing new").isEqualTo(whole);
        assertThat(XWireViolations.check()).isEmpty();
    }

    @Test
    void a_missing_file_holds_no_exchange(@TempDir Path dir) {
        assertThat(SandboxExchange.reportAll(dir.resolve("none.jsonl"), 0)).isZero();
    }
}
