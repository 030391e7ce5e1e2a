package dev.puppetengine.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code ./puppet validate DIR}: filled in by the persona-files work. */
@Command(name = "validate", description = "Check every persona file in DIR and print each problem.")
final class ValidateCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("validate: not built yet");
        return 2;
    }
}
