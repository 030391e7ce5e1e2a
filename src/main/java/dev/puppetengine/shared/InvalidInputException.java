package dev.puppetengine.shared;

/**
 * A request value the engine refuses: {@code field} names it as the client sent it (a parameter, a path variable, a
 * JSON pointer such as {@code /importance}), {@code reason} says why without echoing it. Answered as a 400 problem.
 */
public final class InvalidInputException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String field;
    private final String reason;

    public InvalidInputException(String field, String reason) {
        super(field + ": " + reason);
        this.field = field;
        this.reason = reason;
    }

    public String field() {
        return field;
    }

    public String reason() {
        return reason;
    }
}
