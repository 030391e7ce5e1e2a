package dev.puppetengine.web.api;

import dev.puppetengine.agent.Decision;
import dev.puppetengine.agent.DecisionLog;
import dev.puppetengine.persona.PersonaCatalog;
import dev.puppetengine.persona.PersonaId;
import dev.puppetengine.shared.InvalidInputException;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The decision log (DESIGN §8): what each persona decided and why, newest first — {@code kind} (post, reply,
 * reaction, relationship, reflection), {@code outcome}, {@code reason} and {@code inputRef}, the input it answered
 * (a post id, a slot's key). {@code agentId} narrows it to one persona (404 problem when unknown); {@code limit} is
 * 1..500 (400 problem naming the field otherwise).
 */
@RestController
final class DecisionController {

    static final int MAX_LIMIT = 500;

    private final PersonaCatalog personas;
    private final DecisionLog decisions;

    DecisionController(PersonaCatalog personas, DecisionLog decisions) {
        this.personas = personas;
        this.decisions = decisions;
    }

    record DecisionView(
            String agentId,
            String kind,
            String outcome,
            String reason,
            @Nullable String inputRef,
            Instant at) {

        static DecisionView of(Decision decision) {
            return new DecisionView(
                    decision.personaId().value(),
                    decision.kind().wireName(),
                    decision.outcome().wireName(),
                    decision.reason(),
                    decision.inputRef(),
                    decision.at());
        }
    }

    @GetMapping("/api/decisions")
    List<DecisionView> list(
            @RequestParam(required = false) @Nullable String agentId, @RequestParam(defaultValue = "50") int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new InvalidInputException("limit", "must be between 1 and " + MAX_LIMIT);
        }
        PersonaId personaId = agentId == null || agentId.isEmpty()
                ? null
                : AgentController.requireKnown(personas, "agentId", agentId).id();
        return decisions.listRecent(personaId, limit).stream()
                .map(DecisionView::of)
                .toList();
    }
}
