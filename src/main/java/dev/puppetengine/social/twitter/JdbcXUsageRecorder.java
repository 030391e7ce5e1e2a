package dev.puppetengine.social.twitter;

import dev.puppetengine.persona.PersonaId;
import dev.puppetengine.social.XUsage;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * {@link XUsageRecorder} and {@link XUsage} on the {@code x_usage} table: one row per persona, UTC day and endpoint
 * key ({@link XUsage#CAST} for the cast-wide search). An endpoint writes unless it is a {@code GET}; a key no
 * {@link XEndpoint} has any more counts as a read.
 */
final class JdbcXUsageRecorder implements XUsageRecorder, XUsage {

    private final JdbcClient jdbc;
    private final Clock clock;

    JdbcXUsageRecorder(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Override
    public void recordRequest(PersonaId personaId, XEndpoint endpoint) {
        record(personaId.value(), endpoint);
    }

    @Override
    public void recordCastRequest(XEndpoint endpoint) {
        record(XUsage.CAST, endpoint);
    }

    private void record(String line, XEndpoint endpoint) {
        LocalDate day = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        if (increment(line, endpoint, day) > 0) {
            return;
        }
        try {
            jdbc.sql("INSERT INTO x_usage (persona_id, usage_day, endpoint, requests) VALUES (?, ?, ?, 1)")
                    .params(line, day, endpoint.key())
                    .update();
        } catch (DuplicateKeyException raced) {
            increment(line, endpoint, day);
        }
    }

    private int increment(String line, XEndpoint endpoint, LocalDate day) {
        return jdbc.sql(
                        "UPDATE x_usage SET requests = requests + 1 WHERE persona_id = ? AND usage_day = ? AND endpoint = ?")
                .params(line, day, endpoint.key())
                .update();
    }

    @Override
    public List<Requests> listRequestsSince(LocalDate firstDay) {
        return jdbc.sql("SELECT persona_id, endpoint, SUM(requests) AS requests FROM x_usage WHERE usage_day >= ?"
                        + " GROUP BY persona_id, endpoint ORDER BY persona_id, endpoint")
                .param(firstDay)
                .query((rs, row) -> new Requests(
                        rs.getString("persona_id"),
                        rs.getString("endpoint"),
                        isWrite(rs.getString("endpoint")),
                        rs.getLong("requests")))
                .list();
    }

    private static boolean isWrite(String endpointKey) {
        return Arrays.stream(XEndpoint.values())
                .anyMatch(e -> e.key().equals(endpointKey) && !e.method().equals("GET"));
    }
}
