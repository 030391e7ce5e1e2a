package dev.puppetengine.llm;

/** Tokens of one call; {@code cached} is the part of {@code input} the provider billed at its cached rate. */
public record TokenUsage(int input, int output, int cached) {

    public static final TokenUsage NONE = new TokenUsage(0, 0, 0);

    public TokenUsage {
        if (input < 0 || output < 0 || cached < 0) {
            throw new IllegalArgumentException("token counts must be >= 0");
        }
    }
}
