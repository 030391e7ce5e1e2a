package dev.puppetengine.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code ./puppet run}: filled in by the storage and API work. */
@Command(name = "run", description = "Run the engine with the personas in the config dir.")
final class RunCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("run: not built yet");
        return 2;
    }
}
