package dev.puppetengine.agent.jdbc;

import dev.puppetengine.llm.PersonaStatusBoard;
import dev.puppetengine.persona.PersonaId;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The LLM layer's {@link PersonaStatusBoard} on the agent's {@code persona_state.status/status_detail}. Going back to
 * {@code ok} only clears the statuses the LLM layer sets, never another one's. A persona without a state row gets one.
 */
public final class JdbcPersonaStatusBoard implements PersonaStatusBoard {

    private static final int MAX_DETAIL = 1000;

    private final JdbcClient jdbc;
    private final Clock clock;

    public JdbcPersonaStatusBoard(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Override
    public void report(PersonaId personaId, String status, @Nullable String detail) {
        OffsetDateTime now = OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
        String shortDetail =
                detail == null ? status : detail.length() <= MAX_DETAIL ? detail : detail.substring(0, MAX_DETAIL);
        if (status.equals(OK)) {
            jdbc.sql("UPDATE persona_state SET status = ?, status_detail = NULL, updated_at = ? WHERE persona_id = ?"
                            + " AND status IN (?, ?)")
                    .params(OK, now, personaId.value(), AUTH_ERROR, BUDGET_EXHAUSTED)
                    .update();
            return;
        }
        if (update(personaId, status, shortDetail, now) > 0) {
            return;
        }
        try {
            jdbc.sql("INSERT INTO persona_state (persona_id, status, status_detail, created_at, updated_at)"
                            + " VALUES (?, ?, ?, ?, ?)")
                    .params(personaId.value(), status, shortDetail, now, now)
                    .update();
        } catch (DuplicateKeyException raced) {
            update(personaId, status, shortDetail, now);
        }
    }

    private int update(PersonaId personaId, String status, String detail, OffsetDateTime now) {
        return jdbc.sql("UPDATE persona_state SET status = ?, status_detail = ?, updated_at = ? WHERE persona_id = ?")
                .params(status, detail, now, personaId.value())
                .update();
    }
}
