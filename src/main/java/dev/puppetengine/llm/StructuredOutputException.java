package dev.puppetengine.llm;

/**
 * A model's answer that could not be read as the requested record. Carries the generation (for usage accounting and
 * a repair prompt); the message names the type and the problem, never the prompt.
 */
public final class StructuredOutputException extends RuntimeException {

    private final transient Generation generation;
    private final Class<? extends Record> type;

    public StructuredOutputException(Class<? extends Record> type, Generation generation, String problem) {
        super("answer is not a valid " + type.getSimpleName() + ": " + problem);
        this.type = type;
        this.generation = generation;
    }

    public Generation generation() {
        return generation;
    }

    public Class<? extends Record> type() {
        return type;
    }
}
