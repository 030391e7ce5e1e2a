package dev.puppetengine.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./puppet demo}: {@code run} with the sample cast in the sandbox network, its own data dir and demo speed
 * (persona time 360 times faster by default: a 3-hour interval passes in 30 s, first posts a few seconds after
 * start). Prints the dashboard URL.
 */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description = "Run the sample cast in the sandbox network at demo speed and print the dashboard URL.")
final class DemoCommand implements Callable<Integer> {

    static final String DEMO_SPEED = "360";

    @Option(names = "--config", paramLabel = "DIR", description = "Persona files directory (default: config/agents).")
    @Nullable
    Path configDir;

    @Option(
            names = "--data-dir",
            paramLabel = "DIR",
            defaultValue = "data/demo",
            description = "Database, API token and state (default: data/demo).")
    Path dataDir = Path.of("data/demo");

    @Option(names = "--port", paramLabel = "N", defaultValue = "8080", description = "HTTP port; 0 = any free port.")
    int port = 8080;

    @Option(
            names = "--speed",
            paramLabel = "X",
            defaultValue = DEMO_SPEED,
            description = "Persona time runs X times faster (default: " + DEMO_SPEED + ").")
    double speed = Double.parseDouble(DEMO_SPEED);

    @Override
    public Integer call() throws InterruptedException {
        return asRun().call();
    }

    /** Starts the demo and prints where it runs; the caller closes the returned context to stop it. */
    ConfigurableApplicationContext launch(PrintStream out) {
        return asRun().launch(out);
    }

    private RunCommand asRun() {
        RunCommand run = new RunCommand();
        run.configDir = configDir;
        run.dataDir = dataDir;
        run.port = port;
        run.speed = speed;
        run.sandboxOnly = true;
        return run;
    }
}
