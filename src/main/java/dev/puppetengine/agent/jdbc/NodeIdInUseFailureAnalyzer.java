package dev.puppetengine.agent.jdbc;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * A start refused because a live node holds this node's id reports that in one line naming the id. Registered in
 * {@code META-INF/spring.factories}.
 */
@Order(Ordered.HIGHEST_PRECEDENCE)
public final class NodeIdInUseFailureAnalyzer extends AbstractFailureAnalyzer<JdbcEngineNodes.NodeIdInUseException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, JdbcEngineNodes.NodeIdInUseException cause) {
        return new FailureAnalysis(
                String.valueOf(cause.getMessage()),
                "Start each node of a cluster with its own --node-id (PUPPET_NODE_ID).",
                cause);
    }
}
