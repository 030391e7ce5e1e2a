package dev.puppetengine.event.scheduling;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Runs the event queue on a thread of its own ({@code event-queue}) when an event published due now is stored: no
 * db-scheduler timer for it (one was three commits per event, and 10,000 personas' mood shifts are 33 events a
 * second at speed 60). Requests while a run is queued fold into it; one that comes while a run is under way queues the
 * next. Nothing runs before the engine starts or once it stops: an event published then, or left when the process
 * dies, is pending and due, and the queue's sweep runs it. Stopping stops the queue's runs on every thread (the sweep's
 * too) after the target each is at, so a backlog of due events does not hold up the stop; a run still under way after
 * {@code stopWait} is interrupted. Started and stopped with the scheduler.
 */
final class DueNowRuns implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(DueNowRuns.class);

    private final Runnable runDue;
    private final Runnable stopRuns;
    private final Runnable resumeRuns;
    private final Duration stopWait;
    private final AtomicBoolean queued = new AtomicBoolean();
    private volatile @Nullable ExecutorService executor;

    /**
     * @param runDue runs every due event (the queue's {@code runDue})
     * @param stopRuns ends the queue's runs early ({@code stopRuns}); {@code resumeRuns} undoes it
     */
    DueNowRuns(Runnable runDue, Runnable stopRuns, Runnable resumeRuns, Duration stopWait) {
        this.runDue = Objects.requireNonNull(runDue);
        this.stopRuns = Objects.requireNonNull(stopRuns);
        this.resumeRuns = Objects.requireNonNull(resumeRuns);
        this.stopWait = Objects.requireNonNull(stopWait);
    }

    /** Has the queue run soon on the event thread; a no-op while stopped (the sweep runs what is due). */
    void request() {
        ExecutorService running = executor;
        if (running == null || !queued.compareAndSet(false, true)) {
            return;
        }
        try {
            running.execute(this::run);
        } catch (RejectedExecutionException stopping) {
            queued.set(false);
        }
    }

    private void run() {
        queued.set(false);
        try {
            runDue.run();
        } catch (RuntimeException e) {
            // the events stay pending and due: the sweep runs them
            log.warn("running due events failed: {}", e.toString());
        }
    }

    @Override
    public void start() {
        resumeRuns.run();
        executor = Executors.newSingleThreadExecutor(
                Thread.ofPlatform().name("event-queue").daemon().factory());
    }

    @Override
    public void stop() {
        ExecutorService running = executor;
        executor = null;
        if (running == null) {
            return;
        }
        stopRuns.run();
        running.shutdown();
        try {
            if (!running.awaitTermination(stopWait.toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("due events still running after {}; interrupting them", stopWait);
                running.shutdownNow();
            }
        } catch (InterruptedException e) {
            running.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return executor != null;
    }

    @Override
    public int getPhase() {
        return Integer.MAX_VALUE;
    }
}
