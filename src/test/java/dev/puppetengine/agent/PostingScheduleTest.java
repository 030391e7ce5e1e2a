package dev.puppetengine.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.puppetengine.agent.PostingSchedule.Slot;
import dev.puppetengine.persona.PersonaSpec.PostFrequency;
import dev.puppetengine.shared.SettableClock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class PostingScheduleTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    // 09:30 in Berlin (UTC+1 in November) is 08:30 UTC.
    private static final Instant NINE_THIRTY_IN_BERLIN = Instant.parse("2026-11-25T08:30:00Z");

    private final SettableClock clock = new SettableClock(NINE_THIRTY_IN_BERLIN);

    private static PostFrequency frequency(double min, double max, List<Integer> peaks) {
        return new PostFrequency(min, max, peaks, BERLIN);
    }

    private static Duration hours(double hours) {
        return Duration.ofNanos(Math.round(hours * Duration.ofHours(1).toNanos()));
    }

    @Nested
    class Peak_hours {

        @Test
        void shortens_the_interval_when_the_current_hour_in_the_persona_timezone_is_a_peak_hour() {
            FixedFractionRandom random = new FixedFractionRandom(0.5, false);

            Duration interval = new PostingSchedule(random).nextInterval(frequency(2, 12, List.of(9)), clock.instant());

            assertThat(random.ranges).containsExactly(List.of(2.0, 12.0), List.of(0.7, 0.9));
            assertThat(interval).isEqualTo(hours(7 * 0.8));
        }

        @Test
        void lengthens_the_interval_off_peak_even_when_the_utc_hour_is_a_peak_hour() {
            FixedFractionRandom random = new FixedFractionRandom(0.5, false);

            Duration interval = new PostingSchedule(random).nextInterval(frequency(2, 12, List.of(8)), clock.instant());

            assertThat(random.ranges).containsExactly(List.of(2.0, 12.0), List.of(1.1, 1.3));
            assertThat(interval).isEqualTo(hours(7 * 1.2));
        }

        @Test
        void follows_the_clock_into_the_next_hour() {
            clock.advance(Duration.ofMinutes(45));
            FixedFractionRandom random = new FixedFractionRandom(0.5, false);

            new PostingSchedule(random).nextInterval(frequency(2, 12, List.of(10)), clock.instant());

            assertThat(random.ranges.get(1)).isEqualTo(List.of(0.7, 0.9));
        }
    }

    @Nested
    class Clamp {

        @Test
        void never_goes_above_the_maximum_off_peak() {
            Duration interval = new PostingSchedule(new FixedFractionRandom(1.0, true))
                    .nextInterval(frequency(3, 4, List.of()), clock.instant());

            assertThat(interval).isEqualTo(hours(4));
        }

        @Test
        void never_goes_below_the_minimum_at_peak() {
            Duration interval = new PostingSchedule(new FixedFractionRandom(0.0, false))
                    .nextInterval(frequency(3, 4, List.of(9)), clock.instant());

            assertThat(interval).isEqualTo(hours(3));
        }

        @Test
        void keeps_every_draw_of_a_seeded_generator_within_min_and_max() {
            PostingSchedule schedule = new PostingSchedule(new SplittableRandom(42));
            PostFrequency frequency = frequency(3, 12, List.of(9, 18));

            for (int i = 0; i < 5_000; i++) {
                Duration interval = schedule.nextInterval(frequency, clock.instant());
                assertThat(interval).isBetween(hours(3), hours(12));
                clock.advance(Duration.ofMinutes(17));
            }
        }
    }

    @Nested
    class Jitter {

        @Test
        void adds_at_most_five_minutes_when_the_coin_says_so() {
            Duration interval = new PostingSchedule(new FixedFractionRandom(0.5, true))
                    .nextInterval(frequency(2, 12, List.of()), clock.instant());

            assertThat(interval).isEqualTo(hours(7 * 1.2).plus(Duration.ofMinutes(5)));
        }

        @Test
        void adds_nothing_the_other_half_of_the_time() {
            Duration interval = new PostingSchedule(new FixedFractionRandom(0.5, false))
                    .nextInterval(frequency(2, 12, List.of()), clock.instant());

            assertThat(interval).isEqualTo(hours(7 * 1.2));
        }

        @Test
        void stays_within_zero_and_five_minutes_over_many_seeded_draws() {
            RecordingRandom random = new RecordingRandom(new SplittableRandom(7));
            PostingSchedule schedule = new PostingSchedule(random);
            PostFrequency wide = frequency(1, 100, List.of(9));
            int withJitter = 0;
            int withoutJitter = 0;
            for (int i = 0; i < 2_000; i++) {
                random.doubles.clear();
                Duration interval = schedule.nextInterval(wide, clock.instant());
                Duration drawn = hours(random.doubles.get(0) * random.doubles.get(1));
                if (drawn.compareTo(hours(1)) < 0 || drawn.plusMinutes(5).compareTo(hours(100)) > 0) {
                    continue;
                }
                Duration jitter = interval.minus(drawn);
                assertThat(jitter).isBetween(Duration.ZERO, Duration.ofMinutes(5));
                if (jitter.isZero()) {
                    withoutJitter++;
                } else {
                    withJitter++;
                }
            }
            assertThat(withJitter).isBetween(800, 1200);
            assertThat(withoutJitter).isBetween(800, 1200);
        }
    }

    @Nested
    class Too_soon {

        private final PostingSchedule schedule = new PostingSchedule(new SplittableRandom(1));
        private final PostFrequency threeToSix = frequency(3, 6, List.of());

        @Test
        void posts_when_the_persona_never_posted() {
            assertThat(schedule.check(threeToSix, clock.instant(), null)).isEqualTo(new Slot.Due());
        }

        @Test
        void reschedules_a_post_to_the_end_of_the_minimum_interval_instead_of_dropping_it() {
            Instant lastOriginal = clock.instant();
            clock.advance(Duration.ofHours(2));

            Slot slot = schedule.check(threeToSix, clock.instant(), lastOriginal);

            assertThat(slot).isEqualTo(new Slot.TooSoon(lastOriginal.plus(Duration.ofHours(3))));
        }

        @Test
        void posts_once_the_minimum_interval_has_passed() {
            Instant lastOriginal = clock.instant();
            clock.advance(Duration.ofHours(2));
            Slot first = schedule.check(threeToSix, clock.instant(), lastOriginal);
            clock.set(((Slot.TooSoon) first).retryAt());

            assertThat(schedule.check(threeToSix, clock.instant(), lastOriginal))
                    .isEqualTo(new Slot.Due());
        }
    }

    /** Delegates to a seeded generator and records the doubles it returned. */
    private static final class RecordingRandom implements RandomGenerator {
        private final RandomGenerator delegate;
        final List<Double> doubles = new ArrayList<>();

        RecordingRandom(RandomGenerator delegate) {
            this.delegate = delegate;
        }

        @Override
        public double nextDouble(double origin, double bound) {
            double value = delegate.nextDouble(origin, bound);
            doubles.add(value);
            return value;
        }

        @Override
        public boolean nextBoolean() {
            return delegate.nextBoolean();
        }

        @Override
        public long nextLong(long bound) {
            return delegate.nextLong(bound);
        }

        @Override
        public long nextLong() {
            return delegate.nextLong();
        }
    }

    /** Returns {@code origin + fraction × (bound − origin)} for every range, records the ranges asked for. */
    private static final class FixedFractionRandom implements RandomGenerator {
        private final double fraction;
        private final boolean coin;
        final List<List<Double>> ranges = new ArrayList<>();

        FixedFractionRandom(double fraction, boolean coin) {
            this.fraction = fraction;
            this.coin = coin;
        }

        @Override
        public double nextDouble(double origin, double bound) {
            ranges.add(List.of(origin, bound));
            return origin + fraction * (bound - origin);
        }

        @Override
        public boolean nextBoolean() {
            return coin;
        }

        @Override
        public long nextLong(long bound) {
            return bound - 1;
        }

        @Override
        public long nextLong() {
            throw new UnsupportedOperationException("only ranged draws are expected");
        }
    }
}
