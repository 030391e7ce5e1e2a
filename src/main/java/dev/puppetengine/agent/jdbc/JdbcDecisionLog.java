package dev.puppetengine.agent.jdbc;

import dev.puppetengine.agent.Decision;
import dev.puppetengine.agent.DecisionLog;
import dev.puppetengine.persona.PersonaId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;

/** {@link DecisionLog} on the {@code decision} table. */
public final class JdbcDecisionLog implements DecisionLog {

    private final JdbcClient jdbc;

    public JdbcDecisionLog(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void record(Decision decision) {
        jdbc.sql("INSERT INTO decision (persona_id, kind, outcome, reason, input_ref, created_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?)")
                .params(Arrays.<@Nullable Object>asList(
                        decision.personaId().value(),
                        decision.kind().wireName(),
                        decision.outcome().wireName(),
                        decision.reason(),
                        decision.inputRef(),
                        decision.at().atOffset(ZoneOffset.UTC)))
                .update();
    }

    @Override
    public List<Decision> listRecent(@Nullable PersonaId personaId, int limit) {
        String filter = personaId == null ? "" : personaId.value();
        return jdbc.sql("SELECT persona_id, kind, outcome, reason, input_ref, created_at FROM decision"
                        + " WHERE (? = '' OR persona_id = ?) ORDER BY id DESC LIMIT ?")
                .params(filter, filter, limit)
                .query(JdbcDecisionLog::map)
                .list();
    }

    private static Decision map(ResultSet rs, int row) throws SQLException {
        OffsetDateTime at = rs.getObject("created_at", OffsetDateTime.class);
        return new Decision(
                PersonaId.of(rs.getString("persona_id")),
                Decision.Kind.valueOf(rs.getString("kind").toUpperCase(Locale.ROOT)),
                Decision.Outcome.fromWireName(rs.getString("outcome")),
                rs.getString("reason"),
                rs.getString("input_ref"),
                at.toInstant());
    }
}
