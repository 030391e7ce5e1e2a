package dev.puppetengine.web.api;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * {@code GET /api/status}: {@code status} is {@code ok}; {@code mode} {@code sandbox} or {@code live}; {@code network}
 * {@code sandbox} or {@code x}; {@code agents} the number of configured personas; {@code uptimeSeconds} real time
 * since the process started (not persona time); {@code scheduleLagSeconds} how far the schedule runs behind (real
 * seconds the oldest due task has waited; near 0 on a node within its capacity); {@code models} what writes each
 * persona's texts; {@code notice} says when some persona writes with the offline composer, which is not a language
 * model; {@code node} this node's id and {@code nodes} every engine node on the database (docs/CLUSTER.md).
 */
public record StatusResponse(
        String status,
        String version,
        String mode,
        String network,
        int agents,
        long uptimeSeconds,
        double scheduleLagSeconds,
        List<AgentModel> models,
        @Nullable String notice,
        String node,
        List<Node> nodes) {

    public StatusResponse {
        models = List.copyOf(models);
        nodes = List.copyOf(nodes);
    }

    /**
     * An engine node: {@code alive} while its heartbeat (real time) is younger than 10 s; {@code personas} how many
     * personas last ran on it (a count).
     */
    public record Node(
            String id, String host, long pid, Instant startedAt, Instant heartbeatAt, boolean alive, int personas) {}

    /** {@code languageModel} is false for the offline composer. */
    public record AgentModel(String agentId, String model, boolean languageModel) {}
}
