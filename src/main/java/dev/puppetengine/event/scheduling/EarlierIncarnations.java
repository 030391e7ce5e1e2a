package dev.puppetengine.event.scheduling;

import dev.puppetengine.shared.ClusterProperties;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * This node's scheduler names and the executions its earlier runs left picked. Each start gets its own name,
 * {@code node#incarnation}, so an execution picked by a run that was killed is recognisable on restart: this node
 * releases it at once (it runs again right away) instead of waiting for db-scheduler's dead-execution detection. Only
 * executions whose heartbeat is stale are released, so a live node keeps its own. The node is
 * {@code puppet.cluster.node-id} ({@link ClusterProperties}), the host name by default.
 */
final class EarlierIncarnations {

    private static final Logger log = LoggerFactory.getLogger(EarlierIncarnations.class);

    private final JdbcClient jdbc;
    private final String node;
    private final String schedulerName;

    EarlierIncarnations(DataSource dataSource, String node) {
        this.jdbc = JdbcClient.create(dataSource);
        this.node = node;
        this.schedulerName = node + "#" + incarnation();
    }

    /** This host's name, shortened to fit db-scheduler's {@code picked_by} column with the incarnation. */
    static String hostNode() {
        return ClusterProperties.hostNode();
    }

    /** The name this run's scheduler picks executions with. */
    String schedulerName() {
        return schedulerName;
    }

    private record Picked(String taskName, String taskInstance, String pickedBy, long version) {}

    /**
     * Unpicks the executions an earlier run of this node picked whose last heartbeat is before {@code staleBefore}
     * (persona time, as db-scheduler writes it); they keep their execution time, so they are due at once. Returns how
     * many were released.
     */
    int releaseStale(Instant staleBefore) {
        List<Picked> picked = jdbc.sql("SELECT task_name, task_instance, picked_by, version FROM scheduled_tasks"
                        + " WHERE picked = TRUE AND (last_heartbeat IS NULL OR last_heartbeat < ?)")
                .param(staleBefore.atOffset(ZoneOffset.UTC))
                .query((row, n) -> new Picked(
                        row.getString("task_name"),
                        row.getString("task_instance"),
                        String.valueOf(row.getString("picked_by")),
                        row.getLong("version")))
                .list();
        int released = 0;
        for (Picked execution : picked) {
            if (!execution.pickedBy().startsWith(node + "#")
                    || execution.pickedBy().equals(schedulerName)) {
                continue;
            }
            released += jdbc.sql("UPDATE scheduled_tasks SET picked = FALSE, picked_by = NULL, last_heartbeat = NULL,"
                            + " version = version + 1 WHERE task_name = ? AND task_instance = ? AND picked = TRUE"
                            + " AND picked_by = ? AND version = ?")
                    .params(execution.taskName(), execution.taskInstance(), execution.pickedBy(), execution.version())
                    .update();
        }
        if (released > 0) {
            log.info("released {} executions left picked by an earlier run of this node; they run again now", released);
        }
        return released;
    }

    private static String incarnation() {
        return Long.toString(new SecureRandom().nextLong() >>> 1, 36);
    }
}
