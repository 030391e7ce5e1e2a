package dev.puppetengine.agent.jdbc;

import dev.puppetengine.agent.CastCursors;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Types;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.SqlParameterValue;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** {@link CastCursors} on {@code cast_search_cursor} (V140): one row per query, keyed by the SHA-256 of its text. */
@Component
public final class JdbcCastCursors implements CastCursors {

    private final JdbcClient jdbc;
    private final Clock clock;

    public JdbcCastCursors(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Override
    public Optional<String> find(String query) {
        return jdbc.sql("SELECT since_id FROM cast_search_cursor WHERE query_key = ?")
                .param(key(query))
                .query(String.class)
                .optional();
    }

    @Override
    public void advance(String query, String sinceId) {
        if (sinceId.isBlank() || sinceId.length() > 32) {
            throw new IllegalArgumentException("since_id must have 1..32 characters: '" + sinceId + "'");
        }
        String key = key(query);
        SqlParameterValue now = new SqlParameterValue(
                Types.TIMESTAMP_WITH_TIMEZONE, OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC));
        while (true) {
            Optional<String> current = find(query);
            if (current.isPresent() && !JdbcPersonaStateStore.isNewer(sinceId, current.get())) {
                return;
            }
            int written;
            try {
                written = current.isEmpty()
                        ? jdbc.sql("INSERT INTO cast_search_cursor (query_key, query_text, since_id, updated_at)"
                                        + " SELECT ?, ?, ?, ? WHERE NOT EXISTS"
                                        + " (SELECT 1 FROM cast_search_cursor WHERE query_key = ?)")
                                .params(key, query, sinceId, now, key)
                                .update()
                        : jdbc.sql("UPDATE cast_search_cursor SET since_id = ?, updated_at = ?"
                                        + " WHERE query_key = ? AND since_id = ?")
                                .params(sinceId, now, key, current.get())
                                .update();
            } catch (DuplicateKeyException raceLost) {
                written = 0;
            }
            if (written > 0) {
                return;
            }
        }
    }

    static String key(String query) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(query.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
