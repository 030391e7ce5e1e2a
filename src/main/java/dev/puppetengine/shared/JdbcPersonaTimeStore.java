package dev.puppetengine.shared;

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
    public Optional<Instant> findReached() {
        return jdbc.sql("SELECT persona_time FROM engine_clock WHERE node = ?")
                .param(NODE)
                .query(OffsetDateTime.class)
                .optional()
                .map(OffsetDateTime::toInstant);
    }

    @Override
    public void raiseTo(Instant reached, Instant wallTime) {
        jdbc.sql("UPDATE engine_clock SET persona_time = ?, wall_time = ? WHERE node = ? AND persona_time < ?")
                .params(utc(reached), utc(wallTime), NODE, utc(reached))
                .update();
    }

    @Override
    public void stoppedAt(Instant stoppedAt, Instant reserved, Instant wallTime) {
        jdbc.sql("UPDATE engine_clock SET persona_time = ?, wall_time = ? WHERE node = ? AND persona_time <= ?")
                .params(utc(stoppedAt), utc(wallTime), NODE, utc(reserved))
                .update();
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
