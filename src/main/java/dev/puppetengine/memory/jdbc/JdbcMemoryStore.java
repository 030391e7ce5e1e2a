package dev.puppetengine.memory.jdbc;

import dev.puppetengine.memory.Memory;
import dev.puppetengine.memory.MemoryEmbedding;
import dev.puppetengine.memory.MemoryKind;
import dev.puppetengine.memory.MemoryStore;
import dev.puppetengine.persona.PersonaId;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@link MemoryStore} on the {@code memory} table. Embeddings are little-endian float32 arrays in {@code embedding}
 * with the model name in {@code embedding_model}. A plain component, not a {@code @Repository}: the class is final,
 * and Spring's exception translation already happens in {@link JdbcTemplate}.
 */
@Component
public final class JdbcMemoryStore implements MemoryStore {

    private static final String COLUMNS =
            "id, persona_id, kind, content, importance, valence, created_at, source_ids, seed_key";
    private static final TypeReference<List<String>> STRING_LIST = new TypeReference<>() {};
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final String STAMP = "SELECT COUNT(*) AS n, COALESCE(MAX(id), 0) AS newest,"
            + " COUNT(embedding) AS embedded FROM memory WHERE persona_id = :personaId";

    private final NamedParameterJdbcTemplate jdbc;
    private final boolean shared;
    private final RowMapper<Memory> rowMapper = (rs, rowNum) -> memory(rs);
    /** The model no row of another model was left for at the last look ({@link #listNeedingEmbedding}). */
    private volatile @Nullable String noOtherModelFor;

    /** Takes the application's {@link JdbcTemplate}, which Spring Boot creates only after Flyway migrated. */
    public JdbcMemoryStore(JdbcTemplate jdbcTemplate) {
        this.jdbc = new NamedParameterJdbcTemplate(jdbcTemplate);
        this.shared = isPostgres(jdbcTemplate);
    }

    /** PostgreSQL is the cluster database, which other nodes share; H2's file admits one process. */
    private static boolean isPostgres(JdbcTemplate jdbcTemplate) {
        Boolean postgres = jdbcTemplate.execute((java.sql.Connection connection) -> connection
                .getMetaData()
                .getDatabaseProductName()
                .toLowerCase(java.util.Locale.ROOT)
                .contains("postgres"));
        return Boolean.TRUE.equals(postgres);
    }

    @Override
    public boolean sharedWithOtherNodes() {
        return shared;
    }

    @Override
    public Stamp stamp(PersonaId personaId) {
        Stamp stamp = jdbc.queryForObject(
                STAMP,
                Map.of("personaId", personaId.value()),
                (rs, n) -> new Stamp(rs.getLong("n"), rs.getLong("newest"), rs.getLong("embedded")));
        return stamp == null ? new Stamp(0, 0, 0) : stamp;
    }

    @Override
    public Memory add(Memory memory) {
        String seedKey = memory.seedKey();
        if (seedKey != null) {
            Optional<Memory> seeded = findSeeded(memory.personaId(), seedKey);
            if (seeded.isPresent()) {
                return seeded.get();
            }
        }
        var params = new MapSqlParameterSource()
                .addValue("personaId", memory.personaId().value())
                .addValue("kind", memory.kind().wireName())
                .addValue("content", memory.content())
                .addValue("importance", memory.importance())
                .addValue("valence", memory.valence())
                .addValue("createdAt", timestamp(memory.createdAt()))
                .addValue("sourceIds", JSON.writeValueAsString(memory.sourceIds()))
                .addValue("seedKey", seedKey);
        var keys = new GeneratedKeyHolder();
        try {
            jdbc.update("""
                    INSERT INTO memory (persona_id, kind, content, importance, valence, created_at, source_ids,
                        seed_key)
                    VALUES (:personaId, :kind, :content, :importance, :valence, :createdAt, :sourceIds, :seedKey)
                    """, params, keys, new String[] {"id"});
        } catch (DuplicateKeyException raced) {
            if (seedKey == null) {
                throw raced;
            }
            return findSeeded(memory.personaId(), seedKey).orElseThrow(() -> raced);
        }
        Number id = keys.getKey();
        if (id == null) {
            throw new IllegalStateException("no id generated for a memory of " + memory.personaId());
        }
        return memory.withId(id.longValue());
    }

    private Optional<Memory> findSeeded(PersonaId personaId, String seedKey) {
        return jdbc
                .query(
                        "SELECT " + COLUMNS + " FROM memory WHERE persona_id = :personaId AND seed_key = :seedKey",
                        Map.of("personaId", personaId.value(), "seedKey", seedKey),
                        rowMapper)
                .stream()
                .findFirst();
    }

    @Override
    public Optional<Memory> find(long id) {
        return jdbc.query("SELECT " + COLUMNS + " FROM memory WHERE id = :id", Map.of("id", id), rowMapper).stream()
                .findFirst();
    }

    @Override
    public long count(PersonaId personaId) {
        Long count = jdbc.queryForObject(
                "SELECT COUNT(*) FROM memory WHERE persona_id = :personaId",
                Map.of("personaId", personaId.value()),
                Long.class);
        return count == null ? 0 : count;
    }

    @Override
    public Map<PersonaId, Long> countByPersona() {
        var counts = new LinkedHashMap<PersonaId, Long>();
        jdbc.query(
                "SELECT persona_id, COUNT(*) AS n FROM memory GROUP BY persona_id ORDER BY persona_id",
                Map.of(),
                (RowCallbackHandler) rs -> counts.put(PersonaId.of(rs.getString("persona_id")), rs.getLong("n")));
        return counts;
    }

    @Override
    public List<Memory> listNewest(PersonaId personaId, int limit) {
        return jdbc.query(
                "SELECT " + COLUMNS + " FROM memory WHERE persona_id = :personaId"
                        + " ORDER BY created_at DESC, id DESC FETCH FIRST :limit ROWS ONLY",
                Map.of("personaId", personaId.value(), "limit", requirePositive(limit)),
                rowMapper);
    }

    @Override
    public List<Memory> listByKind(PersonaId personaId, MemoryKind kind) {
        return jdbc.query(
                "SELECT " + COLUMNS + " FROM memory WHERE persona_id = :personaId AND kind = :kind"
                        + " ORDER BY created_at, id",
                Map.of("personaId", personaId.value(), "kind", kind.wireName()),
                rowMapper);
    }

    @Override
    public List<Memory> listAfter(PersonaId personaId, long afterId, int limit) {
        return jdbc.query(
                "SELECT " + COLUMNS + " FROM memory WHERE persona_id = :personaId AND id > :afterId"
                        + " ORDER BY id FETCH FIRST :limit ROWS ONLY",
                Map.of("personaId", personaId.value(), "afterId", afterId, "limit", requirePositive(limit)),
                rowMapper);
    }

    @Override
    public long countAfter(PersonaId personaId, long afterId, Set<MemoryKind> excluded) {
        var params = new MapSqlParameterSource()
                .addValue("personaId", personaId.value())
                .addValue("afterId", afterId)
                .addValue(
                        "excluded", excluded.stream().map(MemoryKind::wireName).toList());
        Long count = jdbc.queryForObject(
                "SELECT COUNT(*) FROM memory WHERE persona_id = :personaId AND id > :afterId"
                        + (excluded.isEmpty() ? "" : " AND kind NOT IN (:excluded)"),
                params,
                Long.class);
        return count == null ? 0 : count;
    }

    @Override
    public List<Memory> listAll(PersonaId personaId) {
        return jdbc.query(
                "SELECT " + COLUMNS + " FROM memory WHERE persona_id = :personaId ORDER BY created_at, id",
                Map.of("personaId", personaId.value()),
                rowMapper);
    }

    @Override
    public List<Memory> listNeedingEmbedding(String model, int limit) {
        // Range reads of the index memory (embedding_model, id) instead of one scan of the table. Rows of another
        // model ("< model", "> model": the second walks past every row of this model) are looked for until none is
        // left; from then on only new rows (no model yet) are, as this process embeds with one model. A node of a
        // cluster that embeds with another model is a misconfiguration its restart repairs.
        Map<String, Object> params = Map.of("model", model, "limit", requirePositive(limit));
        boolean otherModels = !model.equals(noOtherModelFor);
        List<String> conditions = otherModels ? List.of("IS NULL", "< :model", "> :model") : List.of("IS NULL");
        List<Memory> needing = new ArrayList<>();
        int ofOtherModels = 0;
        for (String condition : conditions) {
            List<Memory> found = jdbc.query(
                    // ordered as the index is, so the read stops after :limit rows instead of sorting the whole
                    // backlog (H2 did not see that ORDER BY id alone follows the index within one model)
                    "SELECT " + COLUMNS + " FROM memory WHERE embedding_model " + condition
                            + " ORDER BY embedding_model, id FETCH FIRST :limit ROWS ONLY",
                    params,
                    rowMapper);
            if (!condition.equals("IS NULL")) {
                ofOtherModels += found.size();
            }
            needing.addAll(found);
        }
        if (otherModels && ofOtherModels == 0) {
            noOtherModelFor = model;
        }
        needing.sort(Comparator.comparingLong(Memory::id));
        return List.copyOf(needing.subList(0, Math.min(limit, needing.size())));
    }

    @Override
    public void saveEmbeddings(List<MemoryEmbedding> embeddings) {
        if (embeddings.isEmpty()) {
            return;
        }
        String checked = noOtherModelFor;
        if (checked != null && embeddings.stream().anyMatch(e -> !e.model().equals(checked))) {
            noOtherModelFor = null;
        }
        var batch = embeddings.stream()
                .map(e -> new MapSqlParameterSource()
                        .addValue("id", e.memoryId())
                        .addValue("model", e.model())
                        .addValue("embedding", bytes(e.vector())))
                .toArray(MapSqlParameterSource[]::new);
        jdbc.batchUpdate("UPDATE memory SET embedding = :embedding, embedding_model = :model WHERE id = :id", batch);
    }

    @Override
    public void forEachEmbedded(PersonaId personaId, String model, EmbeddedMemoryConsumer consumer) {
        jdbc.query(
                "SELECT " + COLUMNS + ", embedding FROM memory"
                        + " WHERE persona_id = :personaId AND embedding_model = :model AND embedding IS NOT NULL"
                        + " ORDER BY created_at, id",
                Map.of("personaId", personaId.value(), "model", model),
                (RowCallbackHandler) rs -> {
                    byte[] embedding = rs.getBytes("embedding");
                    if (embedding != null) {
                        consumer.accept(memory(rs), floats(embedding));
                    }
                });
    }

    @Override
    public int deleteNonCore(PersonaId personaId, Collection<Long> ids) {
        if (ids.isEmpty()) {
            return 0;
        }
        int deleted = 0;
        List<Long> all = new ArrayList<>(ids);
        for (int from = 0; from < all.size(); from += 1000) {
            List<Long> chunk = all.subList(from, Math.min(all.size(), from + 1000));
            deleted += jdbc.update(
                    "DELETE FROM memory WHERE persona_id = :personaId AND kind <> :core AND id IN (:ids)",
                    new MapSqlParameterSource()
                            .addValue("personaId", personaId.value())
                            .addValue("core", MemoryKind.CORE.wireName())
                            .addValue("ids", chunk));
        }
        return deleted;
    }

    private static int requirePositive(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be positive: " + limit);
        }
        return limit;
    }

    private static Memory memory(ResultSet rs) throws SQLException {
        return new Memory(
                rs.getLong("id"),
                PersonaId.of(rs.getString("persona_id")),
                MemoryKind.fromWireName(rs.getString("kind")),
                rs.getString("content"),
                rs.getDouble("importance"),
                rs.getDouble("valence"),
                instant(rs),
                JSON.readValue(rs.getString("source_ids"), STRING_LIST),
                rs.getString("seed_key"));
    }

    private static Instant instant(ResultSet rs) throws SQLException {
        OffsetDateTime createdAt = rs.getObject("created_at", OffsetDateTime.class);
        return createdAt.toInstant();
    }

    private static OffsetDateTime timestamp(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    static byte[] bytes(float[] vector) {
        var buffer = ByteBuffer.allocate(vector.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        buffer.asFloatBuffer().put(vector);
        return buffer.array();
    }

    static float[] floats(byte[] bytes) {
        var vector = new float[bytes.length / Float.BYTES];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(vector);
        return vector;
    }
}
