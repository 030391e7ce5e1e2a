package dev.puppetengine.social.twitter;

import dev.puppetengine.persona.PersonaId;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;

/** {@link XUsageRecorder} on the {@code x_usage} table: one row per persona, UTC day and endpoint. */
final class JdbcXUsageRecorder implements XUsageRecorder {

    private final JdbcClient jdbc;
    private final Clock clock;

    JdbcXUsageRecorder(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Override
    public void recordRequest(PersonaId personaId, XEndpoint endpoint) {
        LocalDate day = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        if (increment(personaId, endpoint, day) > 0) {
            return;
        }
        try {
            jdbc.sql("INSERT INTO x_usage (persona_id, usage_day, endpoint, requests) VALUES (?, ?, ?, 1)")
                    .params(personaId.value(), day, endpoint.key())
                    .update();
        } catch (DuplicateKeyException raced) {
            increment(personaId, endpoint, day);
        }
    }

    private int increment(PersonaId personaId, XEndpoint endpoint, LocalDate day) {
        return jdbc.sql(
                        "UPDATE x_usage SET requests = requests + 1 WHERE persona_id = ? AND usage_day = ? AND endpoint = ?")
                .params(personaId.value(), day, endpoint.key())
                .update();
    }
}
