package dev.puppetengine.cli;

import dev.puppetengine.persona.PersonaProblem;
import dev.puppetengine.persona.PersonaSpec;
import dev.puppetengine.persona.format.PersonaDocuments;
import dev.puppetengine.persona.format.PersonaDocuments.FileResult;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code ./puppet validate DIR}: reads every persona file of DIR (or one file) without starting the engine, prints
 * each problem as {@code FILE: /json/pointer: reason} and each valid file as valid, every message on one line
 * (control characters escaped, long values cut). Exit 1 when a file is invalid, 2 when DIR cannot be read, 0
 * otherwise.
 */
@Command(
        name = "validate",
        mixinStandardHelpOptions = true,
        description = "Check every persona file (*.json, *.yaml, *.yml) in DIR and print each problem.")
final class ValidateCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(
            index = "0",
            arity = "0..1",
            paramLabel = "DIR",
            defaultValue = "config/agents",
            description = "directory of persona files, or one persona file (default: ${DEFAULT-VALUE})")
    Path target;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        PersonaDocuments documents = PersonaDocuments.withSystemEnvironment();
        List<FileResult> results;
        String shown = PersonaProblem.oneLine(target.toString());
        if (Files.isDirectory(target)) {
            try {
                results = documents.readDirectory(target).files();
            } catch (IOException unreadable) {
                err.println("validate: cannot read " + shown + ": "
                        + PersonaProblem.oneLine(String.valueOf(unreadable.getMessage())));
                return 2;
            }
        } else if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            results = List.of(documents.readFile(target));
        } else {
            err.println("validate: " + shown + " does not exist (give the directory of your persona files, e.g."
                    + " config/agents)");
            return 2;
        }
        if (results.isEmpty()) {
            out.println(shown + ": no persona files (*.json, *.yaml, *.yml)");
            out.flush();
            return 0;
        }
        long invalid = 0;
        for (FileResult result : results) {
            for (PersonaProblem problem : result.problems()) {
                out.println(problem.describe());
            }
            PersonaSpec persona = result.persona();
            String file = PersonaProblem.oneLine(result.file());
            if (persona != null) {
                out.println(file + ": valid (persona " + persona.id() + ")");
            } else {
                invalid++;
                out.println(file + ": invalid");
            }
        }
        out.println(results.size() + " file(s): " + (results.size() - invalid) + " valid, " + invalid + " invalid");
        out.flush();
        return invalid == 0 ? 0 : 1;
    }
}
