package dev.puppetengine.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code ./puppet demo}: filled in by the engine-loop work. */
@Command(name = "demo", description = "Run the sample cast in the sandbox network and print the dashboard URL.")
final class DemoCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("demo: not built yet");
        return 2;
    }
}
