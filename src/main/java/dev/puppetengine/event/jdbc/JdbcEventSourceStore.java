package dev.puppetengine.event.jdbc;

import dev.puppetengine.event.EventSourceStore;
import dev.puppetengine.event.FeedReader;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.SqlParameterValue;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * {@link EventSourceStore} on {@code event_source} and {@code feed_item} (V90). "Insert if absent" is
 * {@code INSERT ... SELECT ... WHERE NOT EXISTS}, which H2 and PostgreSQL both run; the sources run on one node at a
 * time (a db-scheduler recurring task), so the two never race.
 */
public final class JdbcEventSourceStore implements EventSourceStore {

    /** Longest validator kept; a longer one is not stored, and the next read is a plain GET. */
    private static final int MAX_ETAG = 500;

    private static final int MAX_LAST_MODIFIED = 100;

    private final JdbcClient jdbc;

    public JdbcEventSourceStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Map<String, Instant> listNextRuns() {
        Map<String, Instant> runs = new HashMap<>();
        jdbc.sql("SELECT source_key, next_run_at FROM event_source").query(row -> {
            runs.put(
                    row.getString("source_key"),
                    row.getObject("next_run_at", OffsetDateTime.class).toInstant());
        });
        return runs;
    }

    @Override
    public void setNextRun(String sourceKey, Instant at) {
        int updated = jdbc.sql("UPDATE event_source SET next_run_at = ? WHERE source_key = ?")
                .params(timestamp(at), sourceKey)
                .update();
        if (updated == 0) {
            jdbc.sql("INSERT INTO event_source (source_key, next_run_at) VALUES (?, ?)")
                    .params(sourceKey, timestamp(at))
                    .update();
        }
    }

    @Override
    public Optional<FeedReader.Validators> findValidators(String sourceKey) {
        return jdbc.sql("SELECT etag, last_modified FROM event_source WHERE source_key = ?")
                .param(sourceKey)
                .query((row, n) -> new FeedReader.Validators(row.getString("etag"), row.getString("last_modified")))
                .optional();
    }

    @Override
    public void saveValidators(String sourceKey, FeedReader.Validators validators) {
        jdbc.sql("UPDATE event_source SET etag = ?, last_modified = ? WHERE source_key = ?")
                .params(
                        new SqlParameterValue(Types.VARCHAR, fitting(validators.etag(), MAX_ETAG)),
                        new SqlParameterValue(Types.VARCHAR, fitting(validators.lastModified(), MAX_LAST_MODIFIED)),
                        sourceKey)
                .update();
    }

    @Override
    public boolean markSeen(String sourceKey, String itemKey, Instant at) {
        return jdbc.sql("INSERT INTO feed_item (source_key, item_key, seen_at) SELECT ?, ?, ? WHERE NOT EXISTS"
                                + " (SELECT 1 FROM feed_item WHERE source_key = ? AND item_key = ?)")
                        .params(sourceKey, itemKey, timestamp(at), sourceKey, itemKey)
                        .update()
                == 1;
    }

    private static @Nullable String fitting(@Nullable String value, int max) {
        return value == null || value.length() > max ? null : value;
    }

    private static OffsetDateTime timestamp(Instant at) {
        return at.atOffset(ZoneOffset.UTC);
    }
}
