package dev.puppetengine.llm;

/**
 * A text generator (DESIGN §5.1): a real provider or the offline composer. Implementations are thread-safe and do
 * not apply the output policy; callers do. Failures of remote providers are {@code ExternalServiceException}s.
 */
public interface LanguageModel {

    /** A short name for logs, usage records and the dashboard, e.g. {@code openai:gpt-4o-mini} or {@code offline}. */
    String name();

    /** True for a real language model; false for the offline composer, which must say so wherever it is shown. */
    boolean isLlm();

    Generation generate(GenerationRequest request);

    /**
     * Generates a value of {@code type} (a record) using JSON schema or JSON mode where the provider has it. The
     * caller validates and clamps the value; the implementation only parses it.
     */
    <T extends Record> Structured<T> generateStructured(GenerationRequest request, Class<T> type);
}
