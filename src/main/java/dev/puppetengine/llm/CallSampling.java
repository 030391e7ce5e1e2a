package dev.puppetengine.llm;

import dev.puppetengine.persona.PersonaSpec;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * Sampling options per call type (DESIGN §5.2): the defaults below, replaced per call type from configuration, then
 * per persona by {@code llm_config}. The persona's model applies to every call; its temperature, penalties, top-p
 * and token cap apply to the text calls (post, reply, quote) — structured decisions keep their calmer settings.
 */
public final class CallSampling {

    private static final Map<CallType, SamplingOptions> DEFAULTS = defaults();

    private final Map<CallType, SamplingOptions> byCallType;

    public CallSampling(Map<CallType, SamplingOptions> overrides) {
        var merged = new EnumMap<CallType, SamplingOptions>(DEFAULTS);
        merged.putAll(overrides);
        this.byCallType = Map.copyOf(merged);
    }

    public static CallSampling defaultsOnly() {
        return new CallSampling(Map.of());
    }

    public static SamplingOptions defaultFor(CallType callType) {
        return Objects.requireNonNull(DEFAULTS.get(callType));
    }

    public SamplingOptions optionsFor(PersonaSpec persona, CallType callType) {
        SamplingOptions base = Objects.requireNonNull(byCallType.get(callType));
        PersonaSpec.LlmConfig config = persona.llmConfig();
        String model = config.model() != null ? config.model() : base.model();
        if (!isText(callType)) {
            return new SamplingOptions(
                    model,
                    base.temperature(),
                    base.topP(),
                    base.frequencyPenalty(),
                    base.presencePenalty(),
                    base.maxOutputTokens());
        }
        return new SamplingOptions(
                model,
                config.temperature() != null ? config.temperature() : base.temperature(),
                config.topP() != null ? config.topP() : base.topP(),
                config.frequencyPenalty() != null ? config.frequencyPenalty() : base.frequencyPenalty(),
                config.presencePenalty() != null ? config.presencePenalty() : base.presencePenalty(),
                config.maxTokens() != null ? config.maxTokens() : base.maxOutputTokens());
    }

    /** True for calls whose answer is a post text rather than a structured decision. */
    public static boolean isText(CallType callType) {
        return switch (callType) {
            case NEW_POST, REPLY, QUOTE -> true;
            case REACTION_DECISION, MEMORY_UPDATE, RELATIONSHIP_UPDATE, REFLECTION, TRADE_DECISION -> false;
        };
    }

    private static Map<CallType, SamplingOptions> defaults() {
        var map = new EnumMap<CallType, SamplingOptions>(CallType.class);
        map.put(CallType.NEW_POST, new SamplingOptions(null, 0.9, 0.95, 1.0, 1.0, 100));
        map.put(CallType.REPLY, new SamplingOptions(null, 1.0, 0.95, 0.5, 0.5, 80));
        map.put(CallType.QUOTE, new SamplingOptions(null, 0.9, 0.95, 0.5, 0.5, 80));
        map.put(CallType.REACTION_DECISION, new SamplingOptions(null, 0.7, null, null, null, 300));
        map.put(CallType.MEMORY_UPDATE, new SamplingOptions(null, 0.6, null, null, null, 300));
        map.put(CallType.RELATIONSHIP_UPDATE, new SamplingOptions(null, 0.6, null, null, null, 250));
        map.put(CallType.REFLECTION, new SamplingOptions(null, 0.6, null, null, null, 400));
        map.put(CallType.TRADE_DECISION, new SamplingOptions(null, 0.7, null, null, null, 300));
        return Map.copyOf(map);
    }
}
