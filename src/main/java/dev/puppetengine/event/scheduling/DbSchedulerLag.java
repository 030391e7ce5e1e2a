package dev.puppetengine.event.scheduling;

import dev.puppetengine.event.ScheduleLag;
import dev.puppetengine.shared.SpeedClock;
import dev.puppetengine.shared.SqlTimes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The {@link ScheduleLag} of db-scheduler's table: the real time the oldest execution that is due and not yet picked
 * has waited. Persona time under {@code --speed} is turned into real time. One indexed query per call. Thread-safe.
 */
public final class DbSchedulerLag implements ScheduleLag {

    private final JdbcClient jdbc;
    private final Clock clock;
    private final double speed;

    public DbSchedulerLag(DataSource dataSource, Clock clock) {
        this.jdbc = JdbcClient.create(dataSource);
        this.clock = clock;
        this.speed = SpeedClock.speedOf(clock);
    }

    @Override
    public Duration behind() {
        Instant now = clock.instant();
        Optional<Instant> oldest = jdbc.sql("SELECT MIN(execution_time) AS oldest FROM scheduled_tasks"
                        + " WHERE picked = FALSE AND execution_time <= ?")
                .param(now.atOffset(ZoneOffset.UTC))
                .query((row, n) -> Optional.ofNullable(SqlTimes.instant(row, "oldest")))
                .single();
        return oldest.map(due ->
                        Duration.ofNanos(Math.round(Duration.between(due, now).toNanos() / speed)))
                .orElse(Duration.ZERO);
    }
}
