package dev.puppetengine.persona;

/**
 * A secret value from a persona file: {@code source} is what the file says (a {@code ${ENV_VAR}} reference or the
 * literal, which is then also secret), {@code value} the resolved secret. Never printed: {@link #toString()} redacts.
 */
public record Secret(String source, String value) {

    public static final String REDACTED = "[redacted]";

    /**
     * A secret known only by its value, e.g. an API key bound from the engine's settings. Spring's binder uses this
     * to convert a setting's text.
     */
    public static Secret of(String value) {
        return new Secret("", value);
    }

    /** True when the file named an environment variable rather than holding the secret itself. */
    public boolean isReference() {
        return source.startsWith("${") && source.endsWith("}");
    }

    /** What may be shown to an operator: the env var reference, or {@link #REDACTED} for a literal. */
    public String redacted() {
        return isReference() ? source : REDACTED;
    }

    @Override
    public String toString() {
        return "Secret[" + redacted() + "]";
    }
}
