package dev.puppetengine.social.twitter;

import dev.puppetengine.persona.PersonaId;
import dev.puppetengine.social.XUsage;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * {@link XUsageRecorder} and {@link XUsage} on the {@code x_usage} table: one row per persona, UTC day and endpoint
 * key ({@link XUsage#CAST} for the cast-wide search). An endpoint writes unless it is a {@code GET}; a key no
 * {@link XEndpoint} has any more counts as a read.
 *
 * <p>A request is counted in memory and the counts go to the table in one batch per {@link #flushingEvery interval}
 * (an update and a commit per request cost as much as the request itself at thousands of personas); every read of
 * the usage writes the pending counts first, and so does {@link #close}. A killed process loses at most the counts of
 * its last interval. Thread-safe.
 */
final class JdbcXUsageRecorder implements XUsageRecorder, XUsage, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(JdbcXUsageRecorder.class);

    private final DataSource dataSource;
    private final JdbcClient jdbc;
    private final Clock clock;
    private final Map<Line, Long> pending = new ConcurrentHashMap<>();
    private volatile @Nullable ScheduledExecutorService flusher;

    JdbcXUsageRecorder(DataSource dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.jdbc = JdbcClient.create(dataSource);
        this.clock = clock;
    }

    /** Writes the pending counts every {@code interval} of real time, on a daemon thread of its own, until closed. */
    JdbcXUsageRecorder flushingEvery(Duration interval) {
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("x-usage-flush").factory());
        executor.scheduleWithFixedDelay(
                this::flushQuietly, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        flusher = executor;
        return this;
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
        pending.merge(new Line(line, day, endpoint.key()), 1L, Long::sum);
    }

    /** One counter row: a persona (or the cast), a UTC day, an endpoint key. */
    private record Line(String line, LocalDate day, String endpoint) {}

    /**
     * Writes the pending counts in one transaction (an update batch, then inserts for new rows); when it fails the
     * counts stay pending for the next flush.
     */
    synchronized void flush() {
        Map<Line, Long> taken = new LinkedHashMap<>();
        for (Line line : pending.keySet()) {
            pending.computeIfPresent(line, (key, count) -> {
                taken.put(key, count);
                return null;
            });
        }
        if (taken.isEmpty()) {
            return;
        }
        try {
            write(taken);
        } catch (SQLException e) {
            taken.forEach((line, count) -> pending.merge(line, count, Long::sum));
            throw new DataAccessResourceFailureException("writing X usage counts failed: " + e.getMessage(), e);
        }
    }

    private void write(Map<Line, Long> counts) throws SQLException {
        List<Map.Entry<Line, Long>> entries = List.copyOf(counts.entrySet());
        try (Connection connection = dataSource.getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try {
                int[] updated;
                try (PreparedStatement update = connection.prepareStatement("UPDATE x_usage SET requests = requests + ?"
                        + " WHERE persona_id = ? AND usage_day = ? AND endpoint = ?")) {
                    for (Map.Entry<Line, Long> entry : entries) {
                        bind(update, entry.getValue(), entry.getKey());
                        update.addBatch();
                    }
                    updated = update.executeBatch();
                }
                try (PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO x_usage (requests, persona_id, usage_day, endpoint) VALUES (?, ?, ?, ?)")) {
                    boolean any = false;
                    for (int i = 0; i < entries.size(); i++) {
                        if (updated[i] == 0) {
                            bind(
                                    insert,
                                    entries.get(i).getValue(),
                                    entries.get(i).getKey());
                            insert.addBatch();
                            any = true;
                        }
                    }
                    if (any) {
                        insert.executeBatch();
                    }
                }
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(autoCommit);
            }
        }
    }

    private static void bind(PreparedStatement statement, long requests, Line line) throws SQLException {
        statement.setLong(1, requests);
        statement.setString(2, line.line());
        statement.setObject(3, line.day());
        statement.setString(4, line.endpoint());
    }

    private void flushQuietly() {
        try {
            flush();
        } catch (RuntimeException e) {
            log.warn("X usage counts not written yet, will retry: {}", e.getMessage());
        }
    }

    @Override
    public List<Requests> listRequestsSince(LocalDate firstDay) {
        // a flush that fails (another node inserted the same row first) leaves its counts for the next one: the
        // read then misses at most those
        flushQuietly();
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

    /** Stops the periodic flush and writes what is pending. */
    @Override
    public void close() {
        ScheduledExecutorService executor = flusher;
        if (executor != null) {
            executor.shutdown();
            try {
                executor.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        flushQuietly();
    }
}
