package dev.puppetengine.persona;

import java.util.Objects;

/**
 * One finding about a persona file: the file, a JSON pointer into it ({@code ""} for the whole document) and the
 * reason. Errors make the file invalid (it is skipped); warnings (unknown keys) do not. Printed as
 * {@code FILE: /json/pointer: reason}.
 */
public record PersonaProblem(String file, String pointer, String reason, Severity severity) {

    public enum Severity {
        ERROR,
        WARNING
    }

    public PersonaProblem {
        Objects.requireNonNull(file);
        Objects.requireNonNull(pointer);
        Objects.requireNonNull(reason);
        Objects.requireNonNull(severity);
    }

    public static PersonaProblem error(String file, String pointer, String reason) {
        return new PersonaProblem(file, pointer, reason, Severity.ERROR);
    }

    public static PersonaProblem warning(String file, String pointer, String reason) {
        return new PersonaProblem(file, pointer, reason, Severity.WARNING);
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }

    /** The problem as one line: {@code FILE: /pointer: reason}, the reason prefixed with {@code warning: }. */
    public String describe() {
        return file + ": " + (pointer.isEmpty() ? "/" : pointer) + ": " + (isError() ? "" : "warning: ") + reason;
    }

    @Override
    public String toString() {
        return describe();
    }
}
