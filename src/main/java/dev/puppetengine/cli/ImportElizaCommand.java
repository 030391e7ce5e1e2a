package dev.puppetengine.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code ./puppet import-eliza FILE}: filled in by the persona-files work. */
@Command(name = "import-eliza", description = "Convert an ElizaOS character file into a persona file.")
final class ImportElizaCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("import-eliza: not built yet");
        return 2;
    }
}
