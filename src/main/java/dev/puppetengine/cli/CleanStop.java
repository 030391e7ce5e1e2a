package dev.puppetengine.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextClosedEvent;
import sun.misc.Signal;

/**
 * Runs the engine until it is stopped. SIGTERM and SIGINT (Ctrl-C) wake the command's own thread, which closes the
 * context in order (the scheduler first, letting running steps finish, then the web server, then the database) and
 * only then returns, so the command exits 0, as a clean stop should; left to the JVM it would exit 143 or 130. The
 * signal thread never closes the context itself: a second closer would find the first one waiting, interrupt it and
 * return at once (Spring's guard against a stuck close), and the JVM would exit before the database is closed, losing
 * its last second of commits. A signal during startup stops the engine as soon as it is up; a second signal while
 * stopping halts at once.
 */
final class CleanStop {

    private static final String[] SIGNALS = {"TERM", "INT"};

    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private final AtomicBoolean requested = new AtomicBoolean();

    private CleanStop() {}

    /** Takes over SIGTERM and SIGINT; call before starting the engine. */
    static CleanStop install() {
        CleanStop stop = new CleanStop();
        for (String name : SIGNALS) {
            try {
                Signal.handle(new Signal(name), signal -> stop.onSignal(signal.getNumber()));
            } catch (IllegalArgumentException reserved) {
                // This platform or JVM (-Xrs) keeps the signal: the JVM's own shutdown applies.
            }
        }
        return stop;
    }

    private void onSignal(int number) {
        if (!requested.compareAndSet(false, true)) {
            Runtime.getRuntime().halt(128 + number);
        }
        stopRequested.countDown();
    }

    /**
     * Blocks until a signal asks to stop, or the context is closed otherwise, then closes the context on this thread
     * and returns once it is fully stopped.
     */
    void awaitStop(ConfigurableApplicationContext context) throws InterruptedException {
        context.addApplicationListener(event -> {
            if (event instanceof ContextClosedEvent) {
                stopRequested.countDown();
            }
        });
        if (!context.isActive()) {
            stopRequested.countDown();
        }
        stopRequested.await();
        context.close();
    }
}
