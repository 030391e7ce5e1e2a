package dev.puppetengine.agent.jdbc;

import dev.puppetengine.agent.EngineNodes;
import dev.puppetengine.persona.PersonaId;
import dev.puppetengine.shared.SqlLists;
import dev.puppetengine.shared.SqlTimes;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * {@link EngineNodes} on {@code engine_node} and {@code persona_lease}, and this node's registration and heartbeat.
 * Every time here is the database's {@code CURRENT_TIMESTAMP}: one real-time clock for all nodes, whatever their
 * {@code --speed} and however their own clocks drift. On the cluster database ({@code exclusive}) a node whose id is
 * held by a live node (another process, fresh heartbeat) is refused at start; the heartbeat renews this node's held
 * leases in the same beat.
 */
public final class JdbcEngineNodes implements EngineNodes {

    private static final Logger log = LoggerFactory.getLogger(JdbcEngineNodes.class);
    /** A node is alive while its heartbeat is younger than this many seconds (five beats). */
    static final int ALIVE_SECONDS = 10;

    private static final String ALIVE = alive("");

    private final JdbcClient jdbc;
    private final String nodeId;
    private final String host;
    private final long pid;
    private final boolean exclusive;
    private boolean failing;

    /**
     * @param exclusive whether other processes may share the database (PostgreSQL): then a live node with the same
     *     id refuses this one, and the heartbeat renews leases
     */
    public JdbcEngineNodes(JdbcClient jdbc, String nodeId, String host, long pid, boolean exclusive) {
        this.jdbc = Objects.requireNonNull(jdbc);
        this.nodeId = Objects.requireNonNull(nodeId);
        this.host = Objects.requireNonNull(host);
        this.pid = pid;
        this.exclusive = exclusive;
    }

    /** The condition "alive" on the columns of {@code engine_node} named with {@code prefix}. */
    private static String alive(String prefix) {
        return "(" + prefix + "stopped_at IS NULL AND " + prefix + "heartbeat_at > CURRENT_TIMESTAMP - INTERVAL '"
                + ALIVE_SECONDS + "' SECOND)";
    }

    @Override
    public String nodeId() {
        return nodeId;
    }

    /**
     * Records this node as started and alive. On the cluster database, throws {@link NodeIdInUseException} when a
     * live node of another process holds the id; a row left by a killed run of this node (same host, its process
     * gone) is taken over.
     */
    public void register() {
        if (exclusive) {
            Optional<Holder> holder = jdbc.sql("SELECT host, pid FROM engine_node WHERE node_id = ? AND " + ALIVE)
                    .param(nodeId)
                    .query((rs, n) -> new Holder(rs.getString("host"), rs.getLong("pid")))
                    .optional();
            if (holder.isPresent() && holder.get().isAnotherLiveProcess(host, pid)) {
                throw new NodeIdInUseException(
                        nodeId, holder.get().host(), holder.get().pid());
            }
        }
        int updated = jdbc.sql("UPDATE engine_node SET host = ?, pid = ?, started_at = CURRENT_TIMESTAMP,"
                        + " heartbeat_at = CURRENT_TIMESTAMP, stopped_at = NULL WHERE node_id = ?")
                .params(host, pid, nodeId)
                .update();
        if (updated == 0) {
            try {
                jdbc.sql("INSERT INTO engine_node (node_id, host, pid, started_at, heartbeat_at)"
                                + " VALUES (?, ?, ?, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)")
                        .params(nodeId, host, pid)
                        .update();
            } catch (DuplicateKeyException startedAtOnce) {
                throw new NodeIdInUseException(nodeId, "another host", 0);
            }
        }
        log.info("node {} (host {}, pid {}) started", nodeId, host, pid);
    }

    /**
     * One beat: this node's heartbeat and, on the cluster database, every lease it holds renewed (one statement
     * each). Never throws: a beat that fails is logged once until one succeeds again.
     */
    public void beat() {
        try {
            jdbc.sql("UPDATE engine_node SET heartbeat_at = CURRENT_TIMESTAMP WHERE node_id = ?")
                    .param(nodeId)
                    .update();
            if (exclusive) {
                jdbc.sql("UPDATE persona_lease SET expires_at = " + JdbcPersonaLeases.EXPIRES
                                + " WHERE node_id = ? AND expires_at IS NOT NULL")
                        .param(nodeId)
                        .update();
            }
            if (failing) {
                log.info("node {} beats again", nodeId);
            }
            failing = false;
        } catch (RuntimeException e) {
            if (!failing) {
                log.warn("node {} could not store its heartbeat: {}", nodeId, e.toString());
            }
            failing = true;
        }
    }

    /** A clean stop: this node is shown stopped at once and the leases it still holds are released. */
    public void stopped() {
        try {
            jdbc.sql("UPDATE engine_node SET heartbeat_at = CURRENT_TIMESTAMP, stopped_at = CURRENT_TIMESTAMP"
                            + " WHERE node_id = ? AND pid = ?")
                    .params(nodeId, pid)
                    .update();
            if (exclusive) {
                jdbc.sql("UPDATE persona_lease SET expires_at = NULL WHERE node_id = ? AND expires_at IS NOT NULL")
                        .param(nodeId)
                        .update();
            }
        } catch (RuntimeException e) {
            log.warn("node {} could not record its stop: {}", nodeId, e.toString());
        }
    }

    @Override
    public List<EngineNode> listNodes() {
        return jdbc.sql("SELECT n.node_id, n.host, n.pid, n.started_at, n.heartbeat_at,"
                        + " CASE WHEN " + alive("n.") + " THEN 1 ELSE 0 END AS alive,"
                        + " (SELECT COUNT(*) FROM persona_lease l WHERE l.node_id = n.node_id) AS personas"
                        + " FROM engine_node n ORDER BY alive DESC, n.node_id")
                .query((rs, n) -> new EngineNode(
                        rs.getString("node_id"),
                        rs.getString("host"),
                        rs.getLong("pid"),
                        SqlTimes.requiredInstant(rs, "started_at"),
                        SqlTimes.requiredInstant(rs, "heartbeat_at"),
                        rs.getInt("alive") == 1,
                        rs.getInt("personas")))
                .list();
    }

    /** How many nodes are alive now (the gauge {@code puppet.cluster.nodes.alive}). */
    public int countAlive() {
        return jdbc.sql("SELECT COUNT(*) FROM engine_node WHERE " + ALIVE)
                .query(Integer.class)
                .single();
    }

    @Override
    public Optional<String> findLastNode(PersonaId personaId) {
        return jdbc.sql("SELECT node_id FROM persona_lease WHERE persona_id = ?")
                .param(personaId.value())
                .query(String.class)
                .optional();
    }

    @Override
    public Map<PersonaId, String> listLastNodes() {
        Map<PersonaId, String> last = new LinkedHashMap<>();
        jdbc.sql("SELECT persona_id, node_id FROM persona_lease ORDER BY persona_id")
                .query(rs -> {
                    last.put(PersonaId.of(rs.getString("persona_id")), rs.getString("node_id"));
                });
        return last;
    }

    @Override
    public Map<PersonaId, String> listLastNodes(Collection<PersonaId> personaIds) {
        Map<PersonaId, String> last = new LinkedHashMap<>();
        for (List<String> chunk :
                SqlLists.chunks(personaIds.stream().map(PersonaId::value).toList())) {
            jdbc.sql("SELECT persona_id, node_id FROM persona_lease WHERE persona_id IN (:ids) ORDER BY persona_id")
                    .param("ids", chunk)
                    .query(rs -> {
                        last.put(PersonaId.of(rs.getString("persona_id")), rs.getString("node_id"));
                    });
        }
        return last;
    }

    private record Holder(String host, long pid) {

        /** Not this process, and not a killed earlier run on this host (whose process is gone). */
        boolean isAnotherLiveProcess(String myHost, long myPid) {
            if (!host.equals(myHost)) {
                return true;
            }
            return pid != myPid
                    && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        }
    }

    /** Thrown by {@link #register}; its message is the one line the start fails with. */
    public static final class NodeIdInUseException extends IllegalStateException {

        private static final long serialVersionUID = 1L;

        NodeIdInUseException(String nodeId, String host, long pid) {
            super("node id '" + nodeId + "' is in use by a live node (host " + host + (pid > 0 ? ", pid " + pid : "")
                    + "): give this node another id with --node-id or PUPPET_NODE_ID, or stop that node first");
        }
    }
}
