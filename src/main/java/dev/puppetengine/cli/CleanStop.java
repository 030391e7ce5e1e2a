package dev.puppetengine.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextClosedEvent;
import sun.misc.Signal;

/**
 * Runs the engine until it is stopped. SIGTERM and SIGINT (Ctrl-C) close the context in order (the scheduler first,
 * letting running steps finish, then the web server, then the database) and the command exits 0, as a clean stop
 * should; left to the JVM it would exit 143 or 130. A signal during startup stops the engine as soon as it is up; a
 * second signal while stopping halts at once.
 */
final class CleanStop {

    private static final String[] SIGNALS = {"TERM", "INT"};

    private final CountDownLatch stopped = new CountDownLatch(1);
    private final AtomicBoolean requested = new AtomicBoolean();
    private volatile @Nullable ConfigurableApplicationContext running;

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
        ConfigurableApplicationContext context = running;
        if (context != null) {
            context.close();
        }
        stopped.countDown();
    }

    /** Blocks until the started context is closed, by a signal or otherwise, and fully stopped. */
    void awaitStop(ConfigurableApplicationContext context) throws InterruptedException {
        context.addApplicationListener(event -> {
            if (event instanceof ContextClosedEvent) {
                stopped.countDown();
            }
        });
        running = context;
        if (requested.get() || !context.isActive()) {
            stopped.countDown();
        }
        stopped.await();
        // A close started elsewhere announces itself before it is done, and a signal may have come during startup:
        // this closes the context or waits until the close under way has finished.
        context.close();
    }
}
