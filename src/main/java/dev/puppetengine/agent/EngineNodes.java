package dev.puppetengine.agent;

import dev.puppetengine.persona.PersonaId;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The engine nodes sharing the database (docs/CLUSTER.md): this node's id, every node that ran on it with its
 * heartbeat, and the node each persona's last step ran on. Reads only; the heartbeat is the adapter's.
 */
public interface EngineNodes {

    /** This node's id ({@code puppet.cluster.node-id}). */
    String nodeId();

    /** Every node known to the database, alive ones first, then by id. */
    List<EngineNode> listNodes();

    /** The node the persona's last step ran on; empty before any step. */
    Optional<String> findLastNode(PersonaId personaId);

    /** The node each persona's last step ran on, for every persona that ran a step. */
    Map<PersonaId, String> listLastNodes();

    /** The node each of these personas' last step ran on, for those that ran a step: one read for a page. */
    Map<PersonaId, String> listLastNodes(Collection<PersonaId> personaIds);

    /**
     * One node: alive while its heartbeat (real time, the database's clock) is younger than 10 s and it did not stop;
     * {@code personas}: how many personas last ran on it.
     */
    record EngineNode(
            String id, String host, long pid, Instant startedAt, Instant heartbeatAt, boolean alive, int personas) {
        public EngineNode {
            Objects.requireNonNull(id);
            Objects.requireNonNull(host);
            Objects.requireNonNull(startedAt);
            Objects.requireNonNull(heartbeatAt);
        }
    }
}
