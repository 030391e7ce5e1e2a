package dev.puppetengine.shared;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/** {@link PersonaTimeStore} on the {@code engine_clock} table (its row is created by the migration). */
final class JdbcPersonaTimeStore implements PersonaTimeStore {

    static final String NODE = "default";

    private final JdbcClient jdbc;

    JdbcPersonaTimeStore(DataSource dataSource) {
        this.jdbc = JdbcClient.create(dataSource);
    }

    @Override
    public Optional<Stored> findStored() {
        return jdbc.sql("SELECT persona_time, lead_millis, wall_time FROM engine_clock WHERE node = ?")
                .param(NODE)
                .query((row, n) -> new Stored(
                        row.getObject("persona_time", OffsetDateTime.class).toInstant(),
                        Duration.ofMillis(row.getLong("lead_millis")),
                        row.getObject("wall_time", OffsetDateTime.class).toInstant()))
                .optional();
    }

    @Override
    public void raiseTo(Instant reached, Duration lead, Instant wallTime) {
        jdbc.sql("UPDATE engine_clock SET persona_time = ?, lead_millis = ?, wall_time = ? WHERE node = ?"
                        + " AND persona_time < ?")
                .params(utc(reached), lead.toMillis(), utc(wallTime), NODE, utc(reached))
                .update();
    }

    @Override
    public void stoppedAt(Instant stoppedAt, Instant reserved, Instant wallTime) {
        jdbc.sql("UPDATE engine_clock SET persona_time = ?, lead_millis = 0, wall_time = ? WHERE node = ?"
                        + " AND persona_time <= ?")
                .params(utc(stoppedAt), utc(wallTime), NODE, utc(reserved))
                .update();
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
