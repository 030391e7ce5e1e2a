package dev.puppetengine.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.puppetengine.agent.jdbc.JdbcMoodHistory;
import dev.puppetengine.agent.jdbc.JdbcPersonaStateStore;
import dev.puppetengine.persona.PersonaId;
import dev.puppetengine.shared.SettableClock;
import dev.puppetengine.shared.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import javax.sql.DataSource;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** Mood shifts, clamping and decay toward the baseline in persona time (DESIGN §4.2). */
class MoodTest {

    private static final PersonaId ADA = PersonaId.of("ada");
    private static final Duration HALF_LIFE = Duration.ofHours(12);

    @Nested
    class Shifts {

        @Test
        void add_then_clamp_to_each_range() {
            Mood mood = new Mood(0.8, 0.9, 0.1).shiftedBy(0.5, 0.5, -0.5);

            assertThat(mood).isEqualTo(new Mood(1, 1, 0));
            assertThat(new Mood(-0.9, 0.1, 0.9).shiftedBy(-0.5, -0.5, 0.5)).isEqualTo(new Mood(-1, 0, 1));
            assertThat(Mood.START.shiftedBy(0.3, 0.4, 0.2)).isEqualTo(new Mood(0.3, 0.4, 0.7));
        }
    }

    @Nested
    class Decay {

        @Test
        void halves_the_distance_to_the_baseline_every_half_life() {
            Mood excited = new Mood(0.8, 1.0, 0.9);

            Mood afterOne = excited.decayedToward(Mood.START, HALF_LIFE, HALF_LIFE);
            Mood afterTwo = excited.decayedToward(Mood.START, HALF_LIFE.multipliedBy(2), HALF_LIFE);

            assertThat(afterOne.valence()).isCloseTo(0.4, within(1e-9));
            assertThat(afterOne.arousal()).isCloseTo(0.5, within(1e-9));
            assertThat(afterOne.dominance()).isCloseTo(0.7, within(1e-9));
            assertThat(afterTwo.valence()).isCloseTo(0.2, within(1e-9));
            assertThat(afterTwo.dominance()).isCloseTo(0.6, within(1e-9));
        }

        @Test
        void settles_from_below_too_and_never_overshoots() {
            Mood low = new Mood(-0.6, 0, 0.1);

            Mood later = low.decayedToward(Mood.START, Duration.ofDays(30), HALF_LIFE);

            assertThat(later.valence()).isBetween(-0.001, 0.0);
            assertThat(later.dominance()).isBetween(0.499, 0.5);
        }

        @Test
        void a_mood_never_shifted_or_read_at_its_own_time_stays() {
            Mood mood = new Mood(0.5, 0.5, 0.5);
            Instant at = Instant.parse("2026-12-01T10:00:00Z");

            assertThat(MoodDecay.DEFAULT.at(mood, null, at)).isEqualTo(mood);
            assertThat(MoodDecay.DEFAULT.at(mood, at, at)).isEqualTo(mood);
        }
    }

    @Nested
    class Persisted {

        private final SettableClock clock = new SettableClock(Instant.parse("2026-12-01T10:00:00Z"));
        private final DataSource database = TestDatabase.inMemory();
        private final PersonaStateStore states =
                new JdbcPersonaStateStore(JdbcClient.create(database), clock, new MoodDecay(Mood.START, HALF_LIFE));
        private final Moods moods = new Moods(
                states,
                new JdbcMoodHistory(JdbcClient.create(database), 3),
                new TransactionTemplate(new DataSourceTransactionManager(database)),
                clock);

        @Test
        void a_shift_is_stored_and_read_back_decayed_by_persona_time() {
            states.createIfAbsent(ADA, true);

            Mood shifted = moods.shift(ADA, 0.6, 0.8, 0.2, "good news");
            assertThat(shifted).isEqualTo(new Mood(0.6, 0.8, 0.7));
            assertThat(moods.current(ADA)).isEqualTo(shifted);

            clock.advance(HALF_LIFE);
            Mood settled = moods.current(ADA);
            assertThat(settled.valence()).isCloseTo(0.3, within(1e-9));
            assertThat(settled.arousal()).isCloseTo(0.4, within(1e-9));
            assertThat(settled.dominance()).isCloseTo(0.6, within(1e-9));
        }

        @Test
        void a_shift_adds_to_the_decayed_mood_of_now() {
            states.createIfAbsent(ADA, true);
            moods.shift(ADA, 0.8, 0, 0, "joy");
            clock.advance(HALF_LIFE);

            Mood again = moods.shift(ADA, 0.1, 0, 0, "more joy");

            assertThat(again.valence()).isCloseTo(0.5, within(1e-9));
        }

        @Test
        void keeps_a_bounded_history_oldest_first() {
            states.createIfAbsent(ADA, true);
            for (int i = 1; i <= 5; i++) {
                clock.advance(Duration.ofMinutes(1));
                moods.shift(ADA, 0.1, 0, 0, "step " + i);
            }

            assertThat(moods.history(ADA, 10))
                    .extracting(MoodHistory.Entry::cause)
                    .containsExactly("step 3", "step 4", "step 5");
        }
    }
}
