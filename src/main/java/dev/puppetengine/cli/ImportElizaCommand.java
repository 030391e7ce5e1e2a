package dev.puppetengine.cli;

import dev.puppetengine.persona.PersonaProblem;
import dev.puppetengine.persona.PersonaSpec;
import dev.puppetengine.persona.format.PersonaDocuments;
import dev.puppetengine.persona.format.PersonaDocuments.FileResult;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ./puppet import-eliza FILE}: converts an ElizaOS character file into the equivalent persona file
 * {@code <id>.json} in the config dir. Never overwrites an existing file unless {@code --force}. Exit 1 when the
 * character is invalid or the target exists, 2 when FILE is missing.
 */
@Command(
        name = "import-eliza",
        mixinStandardHelpOptions = true,
        description = "Convert an ElizaOS character file into a persona file.")
final class ImportElizaCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "the ElizaOS character file (JSON or YAML)")
    Path file;

    @Option(
            names = "--out",
            paramLabel = "DIR",
            defaultValue = "config/agents",
            description = "where to write the persona file (default: ${DEFAULT-VALUE})")
    Path out;

    @Option(names = "--force", description = "overwrite an existing persona file")
    boolean force;

    @Override
    public Integer call() {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter stderr = spec.commandLine().getErr();
        if (!Files.isRegularFile(file)) {
            stderr.println("import-eliza: " + file + " does not exist or is not a file");
            stderr.flush();
            return 2;
        }
        PersonaDocuments documents = PersonaDocuments.withSystemEnvironment();
        FileResult result = documents.readElizaCharacter(file);
        for (PersonaProblem problem : result.problems()) {
            stdout.println(problem.describe());
        }
        PersonaSpec persona = result.persona();
        if (persona == null) {
            stdout.println(file + ": invalid, nothing written");
            stdout.flush();
            return 1;
        }
        Path target = out.resolve(persona.id().value() + ".json");
        if (Files.exists(target) && !force) {
            stderr.println("import-eliza: " + target + " exists; use --force to overwrite it");
            stderr.flush();
            return 1;
        }
        try {
            Files.createDirectories(out);
            Files.writeString(target, documents.write(persona), StandardCharsets.UTF_8);
        } catch (IOException unwritable) {
            stderr.println("import-eliza: cannot write " + target + ": " + unwritable.getMessage());
            stderr.flush();
            return 1;
        }
        stdout.println("wrote " + target + " (persona " + persona.id() + ")");
        Path sourceDir = file.toAbsolutePath().normalize().getParent();
        if (out.toAbsolutePath().normalize().equals(sourceDir) && PersonaDocuments.isPersonaFile(file)) {
            stdout.println("note: " + file + " is in the same directory and is loaded too; remove one of them so the"
                    + " persona is not defined twice");
        }
        stdout.flush();
        return 0;
    }
}
