package dev.puppetengine.agent.jdbc;

import static dev.puppetengine.shared.SqlTimes.instant;
import static dev.puppetengine.shared.SqlTimes.requiredInstant;

import dev.puppetengine.agent.Mood;
import dev.puppetengine.agent.MoodDecay;
import dev.puppetengine.agent.PersonaState;
import dev.puppetengine.agent.PersonaStateStore;
import dev.puppetengine.agent.Relationship;
import dev.puppetengine.persona.PersonaId;
import dev.puppetengine.persona.PersonaSpec;
import dev.puppetengine.shared.SqlLists;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.SqlParameterValue;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@link PersonaStateStore} on the tables of {@code V1__state_model.sql}. Plain SQL that runs on H2 2.x and PostgreSQL
 * 14+: "insert if absent" is {@code INSERT ... SELECT ... WHERE NOT EXISTS} (a lost race surfaces as a duplicate key
 * and is read as "already there"), so no statement fails in the normal course and a caller's transaction survives.
 * With a {@link MoodDecay}, a state's mood is read as it is now (its stored value decayed since
 * {@code mood_updated_at}); updates store it as of their time.
 */
@Component
public final class JdbcPersonaStateStore implements PersonaStateStore {

    private static final TypeReference<List<String>> STRING_LIST = new TypeReference<>() {};
    private static final String STATE_COLUMNS = "persona_id, active, valence, arousal, dominance, mood_updated_at,"
            + " status, status_detail, last_post_at, last_original_post_at, next_post_at, seeded_at, created_at,"
            + " updated_at";
    private static final String RELATIONSHIP_COLUMNS = "persona_id, counterpart_id, sentiment, familiarity, trust,"
            + " last_interaction_at, interactions, notes, updated_at";

    private final JdbcClient jdbc;
    private final Clock clock;
    private final @Nullable MoodDecay decay;
    private final JsonMapper json = JsonMapper.shared();

    /** Reads moods as stored. */
    public JdbcPersonaStateStore(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.decay = null;
    }

    /** Reads moods as they are now: decayed since they were stored (DESIGN §4.2). */
    @Autowired
    public JdbcPersonaStateStore(JdbcClient jdbc, Clock clock, MoodDecay decay) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.decay = decay;
    }

    @Override
    public PersonaState createIfAbsent(PersonaId personaId, boolean active) {
        SqlParameterValue now = timestamp(clock.instant());
        try {
            jdbc.sql("INSERT INTO persona_state (persona_id, active, valence, arousal, dominance, status, created_at,"
                            + " updated_at) SELECT ?, ?, ?, ?, ?, ?, ?, ? WHERE NOT EXISTS"
                            + " (SELECT 1 FROM persona_state WHERE persona_id = ?)")
                    .params(
                            personaId.value(),
                            active,
                            Mood.START.valence(),
                            Mood.START.arousal(),
                            Mood.START.dominance(),
                            PersonaState.STATUS_OK,
                            now,
                            now,
                            personaId.value())
                    .update();
        } catch (DuplicateKeyException raceLost) {
            // another node or thread created it between our check and insert: theirs stands
        }
        return require(personaId);
    }

    @Override
    public Optional<PersonaState> find(PersonaId personaId) {
        return jdbc.sql("SELECT " + STATE_COLUMNS + " FROM persona_state WHERE persona_id = ?")
                .param(personaId.value())
                .query((rs, row) -> state(rs))
                .optional();
    }

    @Override
    public PersonaState require(PersonaId personaId) {
        return find(personaId).orElseThrow(() -> noState(personaId));
    }

    @Override
    public List<PersonaState> listAll() {
        return jdbc.sql("SELECT " + STATE_COLUMNS + " FROM persona_state ORDER BY persona_id")
                .query((rs, row) -> state(rs))
                .list();
    }

    @Override
    public List<PersonaState> listOf(Collection<PersonaId> personaIds) {
        List<PersonaState> found = new ArrayList<>();
        for (List<String> chunk : chunks(personaIds)) {
            found.addAll(jdbc.sql("SELECT " + STATE_COLUMNS + " FROM persona_state WHERE persona_id IN (:ids)")
                    .param("ids", chunk)
                    .query((rs, row) -> state(rs))
                    .list());
        }
        found.sort(Comparator.comparing(PersonaState::personaId));
        return found;
    }

    @Override
    public boolean updateActive(PersonaId personaId, boolean active) {
        int changed = jdbc.sql(
                        "UPDATE persona_state SET active = ?, updated_at = ? WHERE persona_id = ? AND active <> ?")
                .params(active, timestamp(clock.instant()), personaId.value(), active)
                .update();
        if (changed == 0) {
            require(personaId);
        }
        return changed > 0;
    }

    @Override
    public Optional<PersonaSpec.Approval> findApproval(PersonaId personaId) {
        return jdbc.sql("SELECT approval FROM persona_state WHERE persona_id = ? AND approval IS NOT NULL")
                .param(personaId.value())
                .query(String.class)
                .optional()
                .flatMap(PersonaSpec.Approval::fromWireName);
    }

    @Override
    public Map<PersonaId, PersonaSpec.Approval> listApprovals(Collection<PersonaId> personaIds) {
        Map<PersonaId, PersonaSpec.Approval> approvals = new HashMap<>();
        for (List<String> chunk : chunks(personaIds)) {
            jdbc.sql(
                            "SELECT persona_id, approval FROM persona_state WHERE approval IS NOT NULL AND persona_id IN (:ids)")
                    .param("ids", chunk)
                    .query(rs -> {
                        String persona = rs.getString("persona_id");
                        PersonaSpec.Approval.fromWireName(rs.getString("approval"))
                                .ifPresent(approval -> approvals.put(PersonaId.of(persona), approval));
                    });
        }
        return approvals;
    }

    private static List<List<String>> chunks(Collection<PersonaId> personaIds) {
        return SqlLists.chunks(personaIds.stream().map(PersonaId::value).toList());
    }

    @Override
    public void updateApproval(PersonaId personaId, PersonaSpec.Approval approval) {
        updateExisting(
                personaId,
                "UPDATE persona_state SET approval = ?, updated_at = ? WHERE persona_id = ?",
                approval.wireName(),
                timestamp(clock.instant()),
                personaId.value());
    }

    @Override
    public void updateMood(PersonaId personaId, Mood mood, Instant at) {
        updateExisting(
                personaId,
                "UPDATE persona_state SET valence = ?, arousal = ?, dominance = ?, mood_updated_at = ?, updated_at = ?"
                        + " WHERE persona_id = ?",
                mood.valence(),
                mood.arousal(),
                mood.dominance(),
                timestamp(at),
                timestamp(clock.instant()),
                personaId.value());
    }

    @Override
    public void recordPost(PersonaId personaId, Instant at, boolean original) {
        String sql = original
                ? "UPDATE persona_state SET last_post_at = ?, last_original_post_at = ?, updated_at = ?"
                        + " WHERE persona_id = ?"
                : "UPDATE persona_state SET last_post_at = ?, updated_at = ? WHERE persona_id = ?";
        if (original) {
            updateExisting(personaId, sql, timestamp(at), timestamp(at), timestamp(clock.instant()), personaId.value());
        } else {
            updateExisting(personaId, sql, timestamp(at), timestamp(clock.instant()), personaId.value());
        }
    }

    @Override
    public void updateNextPostAt(PersonaId personaId, @Nullable Instant nextPostAt) {
        updateExisting(
                personaId,
                "UPDATE persona_state SET next_post_at = ?, updated_at = ? WHERE persona_id = ?",
                timestamp(nextPostAt),
                timestamp(clock.instant()),
                personaId.value());
    }

    @Override
    public void updateStatus(PersonaId personaId, String status, @Nullable String detail) {
        if (status.isBlank() || status.length() > 32) {
            throw new IllegalArgumentException("status must have 1..32 characters: '" + status + "'");
        }
        String boundedDetail = detail == null || detail.length() <= 1000 ? detail : detail.substring(0, 1000);
        updateExisting(
                personaId,
                "UPDATE persona_state SET status = ?, status_detail = ?, updated_at = ? WHERE persona_id = ?",
                status,
                new SqlParameterValue(Types.VARCHAR, boundedDetail),
                timestamp(clock.instant()),
                personaId.value());
    }

    @Override
    public boolean markSeeded(PersonaId personaId, Instant at) {
        int changed = jdbc.sql("UPDATE persona_state SET seeded_at = ?, updated_at = ?"
                        + " WHERE persona_id = ? AND seeded_at IS NULL")
                .params(timestamp(at), timestamp(clock.instant()), personaId.value())
                .update();
        if (changed == 0) {
            require(personaId);
        }
        return changed > 0;
    }

    @Override
    public Optional<Relationship> findRelationship(PersonaId personaId, String counterpartId) {
        return jdbc.sql("SELECT " + RELATIONSHIP_COLUMNS
                        + " FROM relationship WHERE persona_id = ? AND counterpart_id = ?")
                .params(personaId.value(), counterpartId)
                .query((rs, row) -> relationship(rs))
                .optional();
    }

    @Override
    public List<Relationship> listRelationships(PersonaId personaId) {
        return jdbc.sql("SELECT " + RELATIONSHIP_COLUMNS
                        + " FROM relationship WHERE persona_id = ? ORDER BY counterpart_id")
                .param(personaId.value())
                .query((rs, row) -> relationship(rs))
                .list();
    }

    @Override
    public void saveRelationship(Relationship relationship) {
        for (int attempt = 0; ; attempt++) {
            int updated = jdbc.sql("UPDATE relationship SET sentiment = ?, familiarity = ?, trust = ?,"
                            + " last_interaction_at = ?, interactions = ?, notes = ?, updated_at = ?"
                            + " WHERE persona_id = ? AND counterpart_id = ?")
                    .params(
                            relationship.sentiment(),
                            relationship.familiarity(),
                            relationship.trust(),
                            timestamp(relationship.lastInteractionAt()),
                            json.writeValueAsString(relationship.recentInteractions()),
                            json.writeValueAsString(relationship.notes()),
                            timestamp(relationship.updatedAt()),
                            relationship.personaId().value(),
                            relationship.counterpartId())
                    .update();
            if (updated > 0 || addRelationshipIfAbsent(relationship) || attempt > 0) {
                return;
            }
        }
    }

    @Override
    public boolean addRelationshipIfAbsent(Relationship relationship) {
        try {
            return jdbc.sql("INSERT INTO relationship (" + RELATIONSHIP_COLUMNS + ")"
                                    + " SELECT ?, ?, ?, ?, ?, ?, ?, ?, ? WHERE NOT EXISTS"
                                    + " (SELECT 1 FROM relationship WHERE persona_id = ? AND counterpart_id = ?)")
                            .params(
                                    relationship.personaId().value(),
                                    relationship.counterpartId(),
                                    relationship.sentiment(),
                                    relationship.familiarity(),
                                    relationship.trust(),
                                    timestamp(relationship.lastInteractionAt()),
                                    json.writeValueAsString(relationship.recentInteractions()),
                                    json.writeValueAsString(relationship.notes()),
                                    timestamp(relationship.updatedAt()),
                                    relationship.personaId().value(),
                                    relationship.counterpartId())
                            .update()
                    > 0;
        } catch (DuplicateKeyException raceLost) {
            return false;
        }
    }

    @Override
    public Optional<String> findMentionCursor(PersonaId personaId) {
        return jdbc.sql("SELECT since_id FROM mention_cursor WHERE persona_id = ?")
                .param(personaId.value())
                .query(String.class)
                .optional();
    }

    @Override
    public String advanceMentionCursor(PersonaId personaId, String sinceId) {
        if (sinceId.isBlank() || sinceId.length() > 32) {
            throw new IllegalArgumentException("since_id must have 1..32 characters: '" + sinceId + "'");
        }
        while (true) {
            Optional<String> current = findMentionCursor(personaId);
            if (current.isPresent() && !isNewer(sinceId, current.get())) {
                return current.get();
            }
            int written;
            try {
                written = current.isEmpty()
                        ? jdbc.sql("INSERT INTO mention_cursor (persona_id, since_id, updated_at)"
                                        + " SELECT ?, ?, ? WHERE NOT EXISTS"
                                        + " (SELECT 1 FROM mention_cursor WHERE persona_id = ?)")
                                .params(personaId.value(), sinceId, timestamp(clock.instant()), personaId.value())
                                .update()
                        : jdbc.sql("UPDATE mention_cursor SET since_id = ?, updated_at = ?"
                                        + " WHERE persona_id = ? AND since_id = ?")
                                .params(sinceId, timestamp(clock.instant()), personaId.value(), current.get())
                                .update();
            } catch (DuplicateKeyException raceLost) {
                written = 0;
            }
            if (written > 0) {
                return sinceId;
            }
        }
    }

    @Override
    public boolean markHandled(PersonaId personaId, String inputId, String kind) {
        try {
            return jdbc.sql("INSERT INTO handled_input (persona_id, input_id, kind, handled_at)"
                                    + " SELECT ?, ?, ?, ? WHERE NOT EXISTS"
                                    + " (SELECT 1 FROM handled_input WHERE persona_id = ? AND input_id = ?)")
                            .params(
                                    personaId.value(),
                                    inputId,
                                    kind,
                                    timestamp(clock.instant()),
                                    personaId.value(),
                                    inputId)
                            .update()
                    > 0;
        } catch (DuplicateKeyException raceLost) {
            return false;
        }
    }

    @Override
    public boolean isHandled(PersonaId personaId, String inputId) {
        return jdbc.sql("SELECT COUNT(*) FROM handled_input WHERE persona_id = ? AND input_id = ?")
                        .params(personaId.value(), inputId)
                        .query(Long.class)
                        .single()
                > 0;
    }

    /** X ids are decimal numbers that grow with time; anything else compares as text. */
    static boolean isNewer(String candidate, String current) {
        if (isDecimal(candidate) && isDecimal(current)) {
            String a = stripLeadingZeros(candidate);
            String b = stripLeadingZeros(current);
            return a.length() != b.length() ? a.length() > b.length() : a.compareTo(b) > 0;
        }
        return candidate.compareTo(current) > 0;
    }

    private static boolean isDecimal(String text) {
        return !text.isEmpty() && text.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    private static String stripLeadingZeros(String digits) {
        int i = 0;
        while (i < digits.length() - 1 && digits.charAt(i) == '0') {
            i++;
        }
        return digits.substring(i);
    }

    private void updateExisting(PersonaId personaId, String sql, Object... params) {
        if (jdbc.sql(sql).params(params).update() == 0) {
            throw noState(personaId);
        }
    }

    private static IllegalStateException noState(PersonaId personaId) {
        return new IllegalStateException("no state stored for persona " + personaId);
    }

    private static SqlParameterValue timestamp(@Nullable Instant instant) {
        return new SqlParameterValue(
                Types.TIMESTAMP_WITH_TIMEZONE,
                instant == null ? null : OffsetDateTime.ofInstant(instant, ZoneOffset.UTC));
    }

    private PersonaState state(ResultSet rs) throws SQLException {
        Mood stored = new Mood(rs.getDouble("valence"), rs.getDouble("arousal"), rs.getDouble("dominance"));
        Instant moodUpdatedAt = instant(rs, "mood_updated_at");
        return new PersonaState(
                PersonaId.of(rs.getString("persona_id")),
                rs.getBoolean("active"),
                decay == null ? stored : decay.at(stored, moodUpdatedAt, clock.instant()),
                moodUpdatedAt,
                rs.getString("status"),
                rs.getString("status_detail"),
                instant(rs, "last_post_at"),
                instant(rs, "last_original_post_at"),
                instant(rs, "next_post_at"),
                instant(rs, "seeded_at"),
                requiredInstant(rs, "created_at"),
                requiredInstant(rs, "updated_at"));
    }

    private Relationship relationship(ResultSet rs) throws SQLException {
        return new Relationship(
                PersonaId.of(rs.getString("persona_id")),
                rs.getString("counterpart_id"),
                rs.getDouble("sentiment"),
                rs.getDouble("familiarity"),
                rs.getDouble("trust"),
                instant(rs, "last_interaction_at"),
                json.readValue(rs.getString("interactions"), STRING_LIST),
                json.readValue(rs.getString("notes"), STRING_LIST),
                requiredInstant(rs, "updated_at"));
    }
}
