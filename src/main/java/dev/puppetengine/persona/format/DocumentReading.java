package dev.puppetengine.persona.format;

import dev.puppetengine.persona.PersonaProblem;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/** The state of reading one persona document: its display name, the environment and the problems found so far. */
final class DocumentReading {

    private final String file;
    private final Function<String, @Nullable String> environment;
    private final List<PersonaProblem> problems = new ArrayList<>();

    DocumentReading(String file, Function<String, @Nullable String> environment) {
        this.file = file;
        this.environment = environment;
    }

    String file() {
        return file;
    }

    @Nullable
    String environmentVariable(String name) {
        return environment.apply(name);
    }

    void error(String pointer, String reason) {
        problems.add(PersonaProblem.error(file, pointer, reason));
    }

    void warning(String pointer, String reason) {
        problems.add(PersonaProblem.warning(file, pointer, reason));
    }

    boolean hasErrors() {
        return problems.stream().anyMatch(PersonaProblem::isError);
    }

    List<PersonaProblem> problems() {
        return List.copyOf(problems);
    }
}
