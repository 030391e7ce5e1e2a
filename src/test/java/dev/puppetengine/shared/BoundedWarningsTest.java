package dev.puppetengine.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

@ExtendWith(OutputCaptureExtension.class)
class BoundedWarningsTest {

    private final SettableClock clock = new SettableClock(Instant.parse("2026-11-25T08:00:00Z"));
    private final BoundedWarnings warnings =
            new BoundedWarnings(LoggerFactory.getLogger("bounded-warnings-test"), clock, Duration.ofMinutes(5));

    private static List<String> warnLines(CapturedOutput output, String marker) {
        return output.getAll()
                .lines()
                .filter(line -> line.contains(" WARN ") && line.contains(marker))
                .toList();
    }

    @Test
    void logs_a_repeated_failure_once_per_interval(CapturedOutput output) {
        for (int second = 0; second < 290; second += 10) {
            warnings.warn("x down", "marker-a X is unavailable, attempt at second " + second);
            clock.advance(Duration.ofSeconds(10));
        }

        assertThat(warnLines(output, "marker-a"))
                .singleElement()
                .satisfies(line -> assertThat(line).endsWith("marker-a X is unavailable, attempt at second 0"));
    }

    @Test
    void says_how_many_it_held_back_when_the_next_interval_logs(CapturedOutput output) {
        Instant first = clock.instant();
        warnings.warn("x down", "marker-b X is unavailable");
        for (int i = 0; i < 7; i++) {
            clock.advance(Duration.ofSeconds(30));
            warnings.warn("x down", "marker-b X is unavailable");
        }
        clock.set(first.plus(Duration.ofMinutes(5)));
        warnings.warn("x down", "marker-b X is still unavailable");
        clock.advance(Duration.ofMinutes(5));
        warnings.warn("x down", "marker-b X is unavailable once more");

        assertThat(warnLines(output, "marker-b")).hasSize(3).satisfies(lines -> {
            assertThat(lines.get(1)).endsWith("marker-b X is still unavailable (7 more since " + first + ")");
            assertThat(lines.get(2)).endsWith("marker-b X is unavailable once more");
        });
    }

    @Test
    void counts_each_key_on_its_own(CapturedOutput output) {
        for (int i = 0; i < 5; i++) {
            warnings.warn("rate limited", "marker-c rate limited");
            warnings.warn("no answer", "marker-c no answer");
            clock.advance(Duration.ofSeconds(1));
        }

        assertThat(warnLines(output, "marker-c"))
                .hasSize(2)
                .anySatisfy(line -> assertThat(line).endsWith("marker-c rate limited"))
                .anySatisfy(line -> assertThat(line).endsWith("marker-c no answer"));
    }

    @Test
    void refuses_an_interval_that_would_log_everything() {
        assertThatThrownBy(() -> new BoundedWarnings(LoggerFactory.getLogger("x"), clock, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
