package dev.puppetengine.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SpeedClockTest {

    private final SettableClock real = new SettableClock(Instant.parse("2026-11-25T08:00:00Z"));

    @Test
    void runs_persona_time_speed_times_faster_than_real_time() {
        SpeedClock clock = new SpeedClock(real, 360, real.instant());

        real.advance(Duration.ofSeconds(30));

        assertThat(clock.instant()).isEqualTo(Instant.parse("2026-11-25T11:00:00Z"));
    }

    @Test
    void continues_from_the_given_start() {
        Instant earlierRunReached = Instant.parse("2026-11-26T20:00:00Z");
        SpeedClock clock = new SpeedClock(real, 2, earlierRunReached);

        real.advance(Duration.ofMinutes(1));

        assertThat(clock.instant()).isEqualTo(earlierRunReached.plus(Duration.ofMinutes(2)));
    }

    @Test
    void refuses_to_run_slower_than_real_time() {
        assertThatThrownBy(() -> new SpeedClock(real, 0.5, real.instant()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0.5");
    }
}
