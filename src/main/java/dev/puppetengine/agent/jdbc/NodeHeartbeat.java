package dev.puppetengine.agent.jdbc;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.springframework.context.SmartLifecycle;

/**
 * Beats for this node every {@link #INTERVAL} of real time ({@link JdbcEngineNodes#beat}: its heartbeat and its held
 * leases), from before the scheduler starts until after it stopped; a clean stop marks the node stopped and releases
 * its leases.
 */
final class NodeHeartbeat implements SmartLifecycle {

    static final Duration INTERVAL = Duration.ofSeconds(2);

    private final JdbcEngineNodes nodes;
    private @Nullable ScheduledExecutorService beating;

    NodeHeartbeat(JdbcEngineNodes nodes) {
        this.nodes = Objects.requireNonNull(nodes);
    }

    @Override
    public synchronized void start() {
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "node-heartbeat");
            thread.setDaemon(true);
            return thread;
        });
        executor.scheduleAtFixedRate(nodes::beat, 0, INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
        beating = executor;
    }

    @Override
    public synchronized void stop() {
        ScheduledExecutorService executor = beating;
        if (executor == null) {
            return;
        }
        beating = null;
        executor.shutdown();
        try {
            executor.awaitTermination(INTERVAL.toSeconds() * 5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        nodes.stopped();
    }

    @Override
    public synchronized boolean isRunning() {
        return beating != null;
    }

    /** Starts before and stops after the scheduler and the web server (higher phases), before the persona clock. */
    @Override
    public int getPhase() {
        return Integer.MIN_VALUE + 2000;
    }
}
