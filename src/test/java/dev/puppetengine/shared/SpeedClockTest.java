package dev.puppetengine.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Nested;
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

    @Nested
    class Monotonic {

        @Test
        void never_moves_backwards_when_the_real_clock_does() {
            SpeedClock clock = new SpeedClock(real, 60, real.instant());
            real.advance(Duration.ofSeconds(10));
            Instant reached = clock.instant();

            real.advance(Duration.ofSeconds(-5));

            assertThat(clock.instant()).isEqualTo(reached);
            real.advance(Duration.ofSeconds(6));
            assertThat(clock.instant()).isEqualTo(reached.plus(Duration.ofMinutes(1)));
        }

        @Test
        void stops_at_its_horizon_until_a_later_one_is_given() {
            Instant start = real.instant();
            SpeedClock clock = new SpeedClock(real, 60, start);
            clock.holdUntil(start.plus(Duration.ofMinutes(5)));

            real.advance(Duration.ofSeconds(10));

            assertThat(clock.instant()).isEqualTo(start.plus(Duration.ofMinutes(5)));
            clock.holdUntil(start.plus(Duration.ofMinutes(20)));
            assertThat(clock.instant()).isEqualTo(start.plus(Duration.ofMinutes(10)));
        }

        @Test
        void a_horizon_below_a_time_handed_out_holds_the_clock_there() {
            SpeedClock clock = new SpeedClock(real, 60, real.instant());
            real.advance(Duration.ofSeconds(10));
            Instant reached = clock.instant();

            clock.holdUntil(reached.minus(Duration.ofMinutes(3)));
            real.advance(Duration.ofSeconds(10));

            assertThat(clock.instant()).isEqualTo(reached);
        }

        @Test
        void freezing_returns_the_latest_time_and_keeps_the_clock_there() {
            SpeedClock clock = new SpeedClock(real, 60, real.instant());
            real.advance(Duration.ofSeconds(2));

            Instant frozen = clock.freeze();
            real.advance(Duration.ofSeconds(30));

            assertThat(frozen).isEqualTo(Instant.parse("2026-11-25T08:02:00Z"));
            assertThat(clock.instant()).isEqualTo(frozen);
        }

        @Test
        void a_clock_in_another_zone_shares_the_same_time() {
            SpeedClock clock = new SpeedClock(real, 60, real.instant());
            var paris = clock.withZone(ZoneId.of("Europe/Paris"));
            clock.holdUntil(real.instant().plus(Duration.ofMinutes(1)));

            real.advance(Duration.ofSeconds(10));

            assertThat(paris.instant()).isEqualTo(clock.instant()).isEqualTo(Instant.parse("2026-11-25T08:01:00Z"));
            assertThat(paris.getZone()).isEqualTo(ZoneId.of("Europe/Paris"));
        }
    }
}
