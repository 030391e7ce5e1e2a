package dev.puppetengine.llm;

/** A model's answer: the raw text (before the output policy), token usage, the model that served it and why it stopped. */
public record Generation(String text, TokenUsage usage, String model, FinishReason finishReason) {

    public enum FinishReason {
        STOP,
        LENGTH,
        CONTENT_FILTER,
        OTHER
    }
}
