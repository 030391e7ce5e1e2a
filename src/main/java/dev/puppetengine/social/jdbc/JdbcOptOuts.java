package dev.puppetengine.social.jdbc;

import static dev.puppetengine.shared.SqlTimes.requiredInstant;

import dev.puppetengine.persona.PersonaId;
import dev.puppetengine.social.OptOuts;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;

/** {@link OptOuts} on the {@code x_opt_out} table. Joins the caller's Spring transaction when there is one. */
public final class JdbcOptOuts implements OptOuts {

    private final JdbcClient jdbc;

    public JdbcOptOuts(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Optional<OptOut> find(PersonaId personaId, String userId) {
        return jdbc.sql("SELECT persona_id, user_id, username, word, post_id, created_at FROM x_opt_out"
                        + " WHERE persona_id = ? AND user_id = ?")
                .params(personaId.value(), userId)
                .query((rs, row) -> new OptOut(
                        PersonaId.of(rs.getString("persona_id")),
                        rs.getString("user_id"),
                        rs.getString("username"),
                        rs.getString("word"),
                        rs.getString("post_id"),
                        requiredInstant(rs, "created_at")))
                .optional();
    }

    @Override
    public void record(OptOut optOut) {
        if (find(optOut.personaId(), optOut.userId()).isPresent()) {
            return;
        }
        jdbc.sql("INSERT INTO x_opt_out (persona_id, user_id, username, word, post_id, created_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?)")
                .params(Arrays.<@Nullable Object>asList(
                        optOut.personaId().value(),
                        optOut.userId(),
                        optOut.username(),
                        optOut.word(),
                        optOut.postId(),
                        optOut.at().atOffset(ZoneOffset.UTC)))
                .update();
    }
}
