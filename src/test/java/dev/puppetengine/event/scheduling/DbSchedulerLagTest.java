package dev.puppetengine.event.scheduling;

import static org.assertj.core.api.Assertions.assertThat;

import dev.puppetengine.shared.SettableClock;
import dev.puppetengine.shared.SpeedClock;
import dev.puppetengine.shared.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

class DbSchedulerLagTest {

    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");

    private final DataSource database = TestDatabase.inMemory();
    private final SettableClock clock = new SettableClock(NOW);

    private void execution(String instance, Instant due, boolean picked) {
        JdbcClient.create(database)
                .sql("INSERT INTO scheduled_tasks (task_name, task_instance, execution_time, picked, version)"
                        + " VALUES ('post-due', ?, ?, ?, 1)")
                .params(instance, due.atOffset(ZoneOffset.UTC), picked)
                .update();
    }

    @Test
    void nothing_due_is_no_lag() {
        execution("later", NOW.plusSeconds(60), false);
        assertThat(new DbSchedulerLag(database, clock).behind()).isZero();
    }

    @Test
    void the_oldest_due_execution_not_yet_picked_is_the_lag() {
        execution("running", NOW.minusSeconds(600), true);
        execution("waiting", NOW.minusSeconds(30), false);
        execution("just due", NOW.minusSeconds(2), false);
        execution("later", NOW.plusSeconds(60), false);

        DbSchedulerLag lag = new DbSchedulerLag(database, clock);
        assertThat(lag.behind()).isEqualTo(Duration.ofSeconds(30));
        assertThat(lag.behindSeconds()).isEqualTo(30.0);
    }

    @Test
    void persona_time_at_speed_is_reported_as_real_time() {
        execution("waiting", NOW.minusSeconds(120), false);
        assertThat(new DbSchedulerLag(database, new SpeedClock(clock, 60, NOW)).behind())
                .isEqualTo(Duration.ofSeconds(2));
    }
}
