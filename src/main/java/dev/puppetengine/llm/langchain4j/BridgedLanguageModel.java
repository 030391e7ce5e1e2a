package dev.puppetengine.llm.langchain4j;

import dev.puppetengine.llm.Generation;
import dev.puppetengine.llm.GenerationRequest;
import dev.puppetengine.llm.LanguageModel;
import dev.puppetengine.llm.Structured;

/**
 * A real provider served through a {@link ChatModelBridge}: the adapters only build their LangChain4j model and say
 * how they read usage; generation, structured output and failure mapping are the bridge's.
 */
public abstract class BridgedLanguageModel implements LanguageModel {

    private final String name;
    private final ChatModelBridge bridge;

    protected BridgedLanguageModel(String name, ChatModelBridge bridge) {
        this.name = name;
        this.bridge = bridge;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final boolean isLlm() {
        return true;
    }

    @Override
    public final Generation generate(GenerationRequest request) {
        return bridge.generate(request);
    }

    @Override
    public final <T extends Record> Structured<T> generateStructured(GenerationRequest request, Class<T> type) {
        return bridge.generateStructured(request, type);
    }
}
