package dev.puppetengine.llm;

import dev.puppetengine.persona.PersonaSpec;
import java.util.List;

/**
 * What to generate: for whom, why, the prompt and the sampling options. {@code seed} makes the offline composer
 * deterministic; real providers may ignore it.
 */
public record GenerationRequest(
        PersonaSpec persona, CallType callType, List<ChatMessage> messages, SamplingOptions options, long seed) {

    public GenerationRequest {
        messages = List.copyOf(messages);
    }
}
