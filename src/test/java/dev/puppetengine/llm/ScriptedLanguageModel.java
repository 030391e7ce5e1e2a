package dev.puppetengine.llm;

import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A {@link LanguageModel} fake that answers from a script, in order, and records every request. Structured calls
 * parse the scripted text with {@link StructuredJson}, as the real adapters do. Runs out loudly.
 */
public final class ScriptedLanguageModel implements LanguageModel {

    private final Deque<String> script = new ConcurrentLinkedDeque<>();
    private final List<GenerationRequest> requests = new CopyOnWriteArrayList<>();
    private final TokenUsage usagePerCall;

    public ScriptedLanguageModel(List<String> answers) {
        this(answers, new TokenUsage(100, 20, 0));
    }

    public ScriptedLanguageModel(List<String> answers, TokenUsage usagePerCall) {
        script.addAll(answers);
        this.usagePerCall = usagePerCall;
    }

    public List<GenerationRequest> requests() {
        return new ArrayList<>(requests);
    }

    @Override
    public String name() {
        return "scripted";
    }

    @Override
    public boolean isLlm() {
        return true;
    }

    @Override
    public Generation generate(GenerationRequest request) {
        requests.add(request);
        String next = script.pollFirst();
        if (next == null) {
            throw new IllegalStateException("the script ran out after " + requests.size() + " requests");
        }
        return new Generation(next, usagePerCall, "scripted-1", Generation.FinishReason.STOP);
    }

    @Override
    public <T extends Record> Structured<T> generateStructured(GenerationRequest request, Class<T> type) {
        Generation generation = generate(request);
        return new Structured<>(StructuredJson.parse(generation, type), generation);
    }
}
