package dev.puppetengine.event.jdbc;

import static dev.puppetengine.shared.SqlTimes.instant;
import static dev.puppetengine.shared.SqlTimes.requiredInstant;

import dev.puppetengine.event.Event;
import dev.puppetengine.event.EventStatus;
import dev.puppetengine.event.EventStore;
import dev.puppetengine.event.Priority;
import dev.puppetengine.event.PublishEvent;
import dev.puppetengine.event.StoredEvent;
import dev.puppetengine.persona.PersonaId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.SqlParameterValue;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@link EventStore} on the {@code event} table (V1, V70). Priorities order by a {@code CASE} so the SQL runs on H2
 * and PostgreSQL alike; {@code seq} (an identity) keeps first in, first out.
 */
public final class JdbcEventStore implements EventStore {

    private static final TypeReference<Map<String, @Nullable Object>> OBJECT = new TypeReference<>() {};
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};
    private static final String COLUMNS = "id, seq, type, priority, data, target_persona_ids, source, status,"
            + " attempts, created_at, due_at, handled_at, reason";
    private static final String RANK =
            "CASE priority WHEN 'critical' THEN 0 WHEN 'high' THEN 1 WHEN 'normal' THEN 2" + " ELSE 3 END";

    private final JdbcClient jdbc;
    private final JsonMapper json = JsonMapper.shared();

    public JdbcEventStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public StoredEvent add(PublishEvent request, Instant createdAt, Instant dueAt) {
        String id = UUID.randomUUID().toString();
        jdbc.sql("INSERT INTO event (id, type, priority, data, target_persona_ids, source, status, created_at, due_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(
                        id,
                        request.event().type(),
                        request.priority().wireName(),
                        json.writeValueAsString(request.event().data()),
                        json.writeValueAsString(
                                request.targets().stream().map(PersonaId::value).toList()),
                        request.source(),
                        EventStatus.PENDING.wireName(),
                        timestamp(createdAt),
                        timestamp(dueAt))
                .update();
        return find(id).orElseThrow(() -> new IllegalStateException("event " + id + " vanished after its insert"));
    }

    @Override
    public Optional<StoredEvent> find(String id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM event WHERE id = ?")
                .param(id)
                .query((rs, row) -> event(rs))
                .optional();
    }

    @Override
    public List<StoredEvent> listRecent(int limit) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM event ORDER BY seq DESC FETCH FIRST " + bounded(limit)
                        + " ROWS ONLY")
                .query((rs, row) -> event(rs))
                .list();
    }

    @Override
    public List<StoredEvent> listDue(Instant now, int limit) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM event WHERE status = 'pending' AND due_at <= ? ORDER BY " + RANK
                        + ", seq FETCH FIRST " + bounded(limit) + " ROWS ONLY")
                .param(timestamp(now))
                .query((rs, row) -> event(rs))
                .list();
    }

    @Override
    public List<StoredEvent> listPending(int limit) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM event WHERE status = 'pending' ORDER BY due_at, seq FETCH FIRST "
                        + bounded(limit) + " ROWS ONLY")
                .query((rs, row) -> event(rs))
                .list();
    }

    @Override
    public void markHandled(String id, Instant at, @Nullable String reason) {
        jdbc.sql("UPDATE event SET status = 'handled', handled_at = ?, reason = ? WHERE id = ? AND status = 'pending'")
                .params(timestamp(at), new SqlParameterValue(Types.VARCHAR, reason), id)
                .update();
    }

    @Override
    public void markFailed(String id, Instant at, int attempts, String reason) {
        jdbc.sql("UPDATE event SET status = 'failed', handled_at = ?, attempts = ?, reason = ?"
                        + " WHERE id = ? AND status = 'pending'")
                .params(timestamp(at), attempts, reason, id)
                .update();
    }

    @Override
    public void retryAt(String id, int attempts, Instant dueAt, String reason) {
        jdbc.sql("UPDATE event SET due_at = ?, attempts = ?, reason = ? WHERE id = ? AND status = 'pending'")
                .params(timestamp(dueAt), attempts, reason, id)
                .update();
    }

    private static int bounded(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be positive: " + limit);
        }
        return limit;
    }

    private StoredEvent event(ResultSet rs) throws SQLException {
        Map<String, @Nullable Object> data = json.readValue(rs.getString("data"), OBJECT);
        List<PersonaId> targets = json.readValue(rs.getString("target_persona_ids"), STRINGS).stream()
                .map(PersonaId::of)
                .toList();
        return new StoredEvent(
                rs.getString("id"),
                rs.getLong("seq"),
                Event.of(rs.getString("type"), data),
                Priority.fromWireName(rs.getString("priority"), "priority"),
                targets,
                rs.getString("source"),
                EventStatus.fromWireName(rs.getString("status")),
                rs.getInt("attempts"),
                requiredInstant(rs, "created_at"),
                requiredInstant(rs, "due_at"),
                instant(rs, "handled_at"),
                rs.getString("reason"));
    }

    private static SqlParameterValue timestamp(Instant instant) {
        return new SqlParameterValue(Types.TIMESTAMP_WITH_TIMEZONE, OffsetDateTime.ofInstant(instant, ZoneOffset.UTC));
    }
}
