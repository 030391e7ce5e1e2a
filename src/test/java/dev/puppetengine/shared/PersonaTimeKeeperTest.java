package dev.puppetengine.shared;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The persona clock across restarts, on a real H2 file database and a settable real clock. */
class PersonaTimeKeeperTest {

    private static final double SPEED = 60;

    private final SettableClock real = new SettableClock(Instant.parse("2026-11-25T08:00:00Z"));

    @TempDir
    Path dataDir;

    private SpeedClock startClock(PersonaTimeStore store) {
        Instant now = real.instant();
        Instant start = store.findStored()
                .map(stored -> PersonaTimeKeeper.continueFrom(stored, now, SPEED))
                .filter(reached -> reached.isAfter(now))
                .orElse(now);
        return new SpeedClock(real, SPEED, start);
    }

    @Test
    void a_new_data_dir_starts_its_clock_at_the_migration_time() {
        JdbcPersonaTimeStore store = new JdbcPersonaTimeStore(TestDatabase.inDirectory(dataDir));

        assertThat(store.findReached()).isPresent();
    }

    @Test
    void the_clock_never_runs_past_the_stored_horizon() {
        JdbcPersonaTimeStore store = new JdbcPersonaTimeStore(TestDatabase.inDirectory(dataDir));
        SpeedClock clock = startClock(store);
        Instant start = clock.instant();
        PersonaTimeKeeper keeper = new PersonaTimeKeeper(clock, store, real);

        real.advance(Duration.ofMinutes(1));

        Instant horizon = start.plus(clock.personaDuration(PersonaTimeKeeper.LEASE));
        assertThat(clock.instant()).isEqualTo(horizon);
        assertThat(store.findReached()).contains(horizon);
        keeper.reserve();
        assertThat(store.findReached()).contains(horizon.plus(clock.personaDuration(PersonaTimeKeeper.LEASE)));
    }

    @Test
    void after_a_kill_the_restart_continues_later_than_any_time_handed_out() {
        DataSource database = TestDatabase.inDirectory(dataDir);
        JdbcPersonaTimeStore store = new JdbcPersonaTimeStore(database);
        SpeedClock first = startClock(store);
        PersonaTimeKeeper keeper = new PersonaTimeKeeper(first, store, real);
        Instant handedOut = first.instant();
        for (int second = 0; second < 30; second++) {
            real.advance(Duration.ofSeconds(1));
            keeper.reserve();
            handedOut = first.instant();
        }
        real.advance(Duration.ofMillis(900));
        handedOut = first.instant();

        // kill -9: no stop; the real clock is set back, as after a restart on a machine whose clock was corrected.
        real.advance(Duration.ofMinutes(-10));
        SpeedClock second = startClock(new JdbcPersonaTimeStore(TestDatabase.inDirectory(dataDir)));

        assertThat(second.instant()).isAfterOrEqualTo(handedOut);
    }

    @Test
    void after_the_store_failed_for_a_while_a_restart_still_continues_later_than_any_time_handed_out() {
        JdbcPersonaTimeStore database = new JdbcPersonaTimeStore(TestDatabase.inDirectory(dataDir));
        AtomicBoolean failing = new AtomicBoolean();
        PersonaTimeStore store = new PersonaTimeStore() {
            @Override
            public Optional<Stored> findStored() {
                return database.findStored();
            }

            @Override
            public void raiseTo(Instant reached, Duration lead, Instant wallTime) {
                if (failing.get()) {
                    throw new IllegalStateException("the database is unreachable");
                }
                database.raiseTo(reached, lead, wallTime);
            }

            @Override
            public void stoppedAt(Instant stoppedAt, Instant reserved, Instant wallTime) {
                database.stoppedAt(stoppedAt, reserved, wallTime);
            }
        };
        SpeedClock first = startClock(store);
        PersonaTimeKeeper keeper = new PersonaTimeKeeper(first, store, real);
        failing.set(true);
        real.advance(Duration.ofSeconds(30));
        keeper.reserve();
        failing.set(false);
        keeper.reserve();
        Instant handedOut = first.instant();

        // kill -9 a moment later
        real.advance(Duration.ofMillis(100));
        SpeedClock second = startClock(new JdbcPersonaTimeStore(TestDatabase.inDirectory(dataDir)));

        assertThat(second.instant()).isAfterOrEqualTo(handedOut);
    }

    @Test
    void a_clean_stop_stores_exactly_the_time_reached_and_the_restart_continues_from_it() {
        JdbcPersonaTimeStore store = new JdbcPersonaTimeStore(TestDatabase.inDirectory(dataDir));
        SpeedClock first = startClock(store);
        PersonaTimeKeeper keeper = new PersonaTimeKeeper(first, store, real);
        keeper.start();
        real.advance(Duration.ofSeconds(3));
        keeper.reserve();
        Instant reached = first.instant();

        keeper.stop();
        real.advance(Duration.ofSeconds(30));

        assertThat(first.instant()).isEqualTo(reached);
        assertThat(store.findReached()).contains(reached);
        assertThat(startClock(store).instant()).isEqualTo(reached);
    }

    @Test
    void a_node_that_starts_while_another_runs_on_the_database_shares_its_clock() {
        JdbcPersonaTimeStore store = new JdbcPersonaTimeStore(TestDatabase.inDirectory(dataDir));
        SpeedClock running = startClock(store);
        PersonaTimeKeeper keeper = new PersonaTimeKeeper(running, store, real);
        for (int second = 0; second < 12; second++) {
            real.advance(Duration.ofSeconds(1));
            keeper.reserve();
        }
        real.advance(Duration.ofMillis(400));

        SpeedClock joining = startClock(new JdbcPersonaTimeStore(TestDatabase.inDirectory(dataDir)));

        assertThat(joining.instant()).isEqualTo(running.instant());
        real.advance(Duration.ofMillis(300));
        assertThat(joining.instant()).isEqualTo(running.instant());
    }

    @Test
    void the_stored_time_never_goes_down() {
        JdbcPersonaTimeStore store = new JdbcPersonaTimeStore(TestDatabase.inDirectory(dataDir));
        Instant later = store.findReached().orElseThrow().plus(Duration.ofDays(3));
        store.raiseTo(later, Duration.ZERO, real.instant());

        store.raiseTo(later.minus(Duration.ofHours(1)), Duration.ZERO, real.instant());
        store.stoppedAt(later.minus(Duration.ofHours(2)), later.minus(Duration.ofHours(1)), real.instant());

        assertThat(store.findReached()).contains(later);
    }

    @Test
    void a_data_dir_from_before_the_clock_table_starts_from_its_newest_timestamp() {
        DataSource database = TestDatabase.inMemory();
        Instant posted = Instant.parse("2027-03-01T12:00:00Z");
        JdbcClient jdbc = JdbcClient.create(database);
        jdbc.sql("DELETE FROM engine_clock").update();
        jdbc.sql(
                        "INSERT INTO sandbox_post (id, author_id, text, conversation_id, created_at) VALUES (1, 1, 'hi', 1, ?)")
                .param(posted.atOffset(java.time.ZoneOffset.UTC))
                .update();
        jdbc.sql(migrationSeed()).update();

        assertThat(new JdbcPersonaTimeStore(database).findReached()).contains(posted);
    }

    private static String migrationSeed() {
        try (var in = PersonaTimeKeeperTest.class.getResourceAsStream("/db/migration/V65__engine_clock.sql")) {
            String sql = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            return sql.substring(sql.indexOf("INSERT INTO engine_clock"))
                    .replace(";", "")
                    .trim();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
