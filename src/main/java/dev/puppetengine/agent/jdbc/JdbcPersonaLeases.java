package dev.puppetengine.agent.jdbc;

import dev.puppetengine.agent.PersonaBusyException;
import dev.puppetengine.agent.PersonaLocks;
import dev.puppetengine.persona.PersonaId;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * {@link PersonaLocks} in the database, {@code persona_lease}. Always an in-process lock per persona first (one
 * thread of this node per persona); then, on the cluster database ({@code exclusive}), the persona's lease: taken by
 * one conditional statement when it is free, expired or already this node's, kept {@link #LEASE_SECONDS} ahead by the
 * node heartbeat ({@link JdbcEngineNodes#beat}), released at the step's end (the row keeps the node as "last ran on").
 * A lease held by another node is waited for up to {@code maxWait}, then the step gives up
 * ({@link PersonaBusyException}). Times are the database's clock. On H2 (one process: the file is locked) no statement
 * runs per step: the node a persona runs on is recorded the first time it runs in this process.
 */
public final class JdbcPersonaLeases implements PersonaLocks {

    private static final Logger log = LoggerFactory.getLogger(JdbcPersonaLeases.class);
    /** A lease not renewed expires this many seconds after the last beat (15: a killed node's, within 30 s). */
    static final int LEASE_SECONDS = 15;
    /** The expiry of a lease taken or renewed now, in SQL. */
    static final String EXPIRES = "CURRENT_TIMESTAMP + INTERVAL '" + LEASE_SECONDS + "' SECOND";

    private static final Duration FIRST_PAUSE = Duration.ofMillis(20);
    private static final Duration MAX_PAUSE = Duration.ofMillis(500);

    private final JdbcClient jdbc;
    private final String nodeId;
    private final boolean exclusive;
    private final Duration maxWait;
    private final Map<PersonaId, ReentrantLock> locks = new ConcurrentHashMap<>();
    private final Set<PersonaId> recorded = ConcurrentHashMap.newKeySet();

    /**
     * @param exclusive whether other nodes share the database (PostgreSQL): then every step holds the lease
     * @param maxWait how long a step waits for a lease another node holds (real time)
     */
    public JdbcPersonaLeases(JdbcClient jdbc, String nodeId, boolean exclusive, Duration maxWait) {
        this.jdbc = Objects.requireNonNull(jdbc);
        this.nodeId = Objects.requireNonNull(nodeId);
        this.exclusive = exclusive;
        this.maxWait = Objects.requireNonNull(maxWait);
    }

    @Override
    public <T> T holding(PersonaId personaId, Supplier<T> step) {
        ReentrantLock lock = locks.computeIfAbsent(personaId, id -> new ReentrantLock());
        lock.lock();
        try {
            if (lock.getHoldCount() > 1) {
                return step.get();
            }
            if (!exclusive) {
                recordOnce(personaId);
                return step.get();
            }
            take(personaId);
            try {
                return step.get();
            } finally {
                release(personaId);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Takes the persona's lease, waiting while another node holds it; throws when that lasts over {@code maxWait}. */
    private void take(PersonaId personaId) {
        long deadline = System.nanoTime() + maxWait.toNanos();
        Duration pause = FIRST_PAUSE;
        boolean told = false;
        while (!tryTake(personaId)) {
            if (System.nanoTime() - deadline > 0) {
                String holder = findHolder(personaId);
                log.info("{} is busy on node {} for over {}; its step runs again later", personaId, holder, maxWait);
                throw new PersonaBusyException(personaId, holder);
            }
            if (!told) {
                log.debug("{} waits for node {} to finish its step", personaId, findHolder(personaId));
                told = true;
            }
            LockSupport.parkNanos(pause.toNanos());
            if (Thread.interrupted()) {
                Thread.currentThread().interrupt();
                throw new PersonaBusyException(personaId, findHolder(personaId));
            }
            pause = pause.multipliedBy(2).compareTo(MAX_PAUSE) > 0 ? MAX_PAUSE : pause.multipliedBy(2);
        }
    }

    /** One conditional statement: the lease is this node's when it was free, expired or already this node's. */
    boolean tryTake(PersonaId personaId) {
        return jdbc.sql("INSERT INTO persona_lease (persona_id, node_id, taken_at, expires_at)"
                                + " VALUES (?, ?, CURRENT_TIMESTAMP, " + EXPIRES + ")"
                                + " ON CONFLICT (persona_id) DO UPDATE SET node_id = EXCLUDED.node_id,"
                                + " taken_at = EXCLUDED.taken_at, expires_at = EXCLUDED.expires_at"
                                + " WHERE persona_lease.expires_at IS NULL"
                                + " OR persona_lease.expires_at < CURRENT_TIMESTAMP"
                                + " OR persona_lease.node_id = EXCLUDED.node_id")
                        .params(personaId.value(), nodeId)
                        .update()
                == 1;
    }

    private void release(PersonaId personaId) {
        try {
            jdbc.sql("UPDATE persona_lease SET expires_at = NULL WHERE persona_id = ? AND node_id = ?")
                    .params(personaId.value(), nodeId)
                    .update();
        } catch (RuntimeException e) {
            // The heartbeat stops renewing it only on a clean stop; until then another node waits for the expiry.
            log.warn("{}: could not release its lease now: {}", personaId, e.toString());
        }
    }

    private String findHolder(PersonaId personaId) {
        return jdbc.sql("SELECT node_id FROM persona_lease WHERE persona_id = ?")
                .param(personaId.value())
                .query(String.class)
                .optional()
                .orElse("?");
    }

    /** H2: the first step of the persona in this process records this node as the one it runs on. */
    private void recordOnce(PersonaId personaId) {
        if (recorded.contains(personaId)) {
            return;
        }
        try {
            int updated = jdbc.sql("UPDATE persona_lease SET node_id = ?, taken_at = CURRENT_TIMESTAMP,"
                            + " expires_at = NULL WHERE persona_id = ?")
                    .params(nodeId, personaId.value())
                    .update();
            if (updated == 0) {
                jdbc.sql("INSERT INTO persona_lease (persona_id, node_id, taken_at) VALUES (?, ?, CURRENT_TIMESTAMP)")
                        .params(personaId.value(), nodeId)
                        .update();
            }
            recorded.add(personaId);
        } catch (RuntimeException e) {
            log.debug("{}: the node it runs on is not recorded yet: {}", personaId, e.toString());
        }
    }
}
