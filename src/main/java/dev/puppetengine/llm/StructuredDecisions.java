package dev.puppetengine.llm;

import dev.puppetengine.shared.ExternalServiceException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks a persona's model for a structured decision (reaction, memory update, relationship update, reflection) and
 * always returns a valid, clamped value: a malformed answer gets one repair attempt (the answer and what was wrong
 * are sent back), then the caller's safe default is used and logged. A persona over budget or whose provider is
 * failing also gets the default, with the reason. Thread-safe.
 */
public final class StructuredDecisions {

    private static final Logger log = LoggerFactory.getLogger(StructuredDecisions.class);

    private final LanguageModels models;

    public StructuredDecisions(LanguageModels models) {
        this.models = models;
    }

    /** A decision and how it was reached; {@code defaulted} is true when {@code note} says why the default was used. */
    public record Decided<T extends Record>(T value, boolean defaulted, String note, List<Generation> generations) {
        public Decided {
            Objects.requireNonNull(value);
            generations = List.copyOf(generations);
        }
    }

    public <T extends Record> Decided<T> decide(GenerationRequest request, Class<T> type, T safeDefault) {
        LanguageModel model = models.forPersona(request.persona());
        List<Generation> generations = new ArrayList<>();
        try {
            try {
                Structured<T> answer = model.generateStructured(request, type);
                generations.add(answer.generation());
                return new Decided<>(answer.value(), false, "", generations);
            } catch (StructuredOutputException malformed) {
                generations.add(malformed.generation());
                log.info(
                        "{} for {} was malformed ({}); asking once more",
                        type.getSimpleName(),
                        request.persona().id(),
                        malformed.getMessage());
                Structured<T> repaired = model.generateStructured(repair(request, malformed, type), type);
                generations.add(repaired.generation());
                return new Decided<>(repaired.value(), false, "repaired", generations);
            }
        } catch (StructuredOutputException stillMalformed) {
            generations.add(stillMalformed.generation());
            return defaulted(
                    request, type, safeDefault, "answer malformed twice: " + stillMalformed.getMessage(), generations);
        } catch (BudgetExhaustedException e) {
            return defaulted(request, type, safeDefault, e.reason(), generations);
        } catch (ExternalServiceException e) {
            return defaulted(request, type, safeDefault, "provider failed: " + e.getMessage(), generations);
        }
    }

    private static <T extends Record> Decided<T> defaulted(
            GenerationRequest request, Class<T> type, T safeDefault, String why, List<Generation> generations) {
        log.warn(
                "{} for {}: using the safe default ({})",
                type.getSimpleName(),
                request.persona().id(),
                why);
        return new Decided<>(safeDefault, true, why, generations);
    }

    private static GenerationRequest repair(
            GenerationRequest request, StructuredOutputException malformed, Class<? extends Record> type) {
        List<ChatMessage> messages = new ArrayList<>(request.messages());
        messages.add(new ChatMessage(
                ChatMessage.Role.ASSISTANT, malformed.generation().text()));
        messages.add(ChatMessage.user("That answer could not be used (" + malformed.getMessage()
                + "). Answer again with one JSON object only, exactly of this form: " + StructuredJson.template(type)));
        return new GenerationRequest(
                request.persona(), request.callType(), messages, request.options(), request.seed() + 1);
    }
}
