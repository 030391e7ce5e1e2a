package dev.puppetengine.web.api;

import dev.puppetengine.persona.PersonaProblem;
import java.util.List;

/** A persona document that is no valid persona: answered as a 400 problem naming each field by its JSON pointer. */
final class InvalidPersonaException extends RuntimeException {

    private final List<PersonaProblem> problems;

    InvalidPersonaException(List<PersonaProblem> problems) {
        super("invalid persona document");
        this.problems = List.copyOf(problems);
    }

    List<PersonaProblem> problems() {
        return problems;
    }
}
