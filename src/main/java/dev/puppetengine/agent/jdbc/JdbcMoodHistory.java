package dev.puppetengine.agent.jdbc;

import dev.puppetengine.agent.Mood;
import dev.puppetengine.agent.MoodHistory;
import dev.puppetengine.persona.PersonaId;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;

/** {@link MoodHistory} on the {@code mood_history} table (V70), keeping the newest {@code size} rows per persona. */
public final class JdbcMoodHistory implements MoodHistory {

    private final JdbcClient jdbc;
    private final int size;

    public JdbcMoodHistory(JdbcClient jdbc, int size) {
        if (size < 1) {
            throw new IllegalArgumentException("size must be at least 1: " + size);
        }
        this.jdbc = jdbc;
        this.size = size;
    }

    @Override
    public void record(PersonaId personaId, Mood mood, String cause, Instant at) {
        jdbc.sql("INSERT INTO mood_history (persona_id, valence, arousal, dominance, cause, created_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?)")
                .params(
                        personaId.value(),
                        mood.valence(),
                        mood.arousal(),
                        mood.dominance(),
                        cause,
                        OffsetDateTime.ofInstant(at, ZoneOffset.UTC))
                .update();
        jdbc.sql("DELETE FROM mood_history WHERE persona_id = ? AND id < (SELECT MIN(id) FROM (SELECT id FROM"
                        + " mood_history WHERE persona_id = ? ORDER BY id DESC FETCH FIRST " + size
                        + " ROWS ONLY) AS kept)")
                .params(personaId.value(), personaId.value())
                .update();
    }

    @Override
    public List<Entry> list(PersonaId personaId, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be positive: " + limit);
        }
        List<Entry> newest = jdbc.sql("SELECT valence, arousal, dominance, cause, created_at FROM mood_history"
                        + " WHERE persona_id = ? ORDER BY id DESC FETCH FIRST " + limit + " ROWS ONLY")
                .param(personaId.value())
                .query((rs, row) -> new Entry(
                        new Mood(rs.getDouble("valence"), rs.getDouble("arousal"), rs.getDouble("dominance")),
                        rs.getString("cause"),
                        rs.getObject("created_at", OffsetDateTime.class).toInstant()))
                .list();
        return newest.reversed();
    }
}
