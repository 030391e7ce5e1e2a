package dev.puppetengine.web.api;

import dev.puppetengine.agent.PersonaStateStore;
import dev.puppetengine.agent.Relationship;
import dev.puppetengine.persona.PersonaCatalog;
import dev.puppetengine.persona.PersonaId;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * A persona's relationships (DESIGN §4.2, §8): per counterpart (another persona's id, or {@code x:<user id>}) the
 * sentiment, familiarity and trust, the last interaction time, the last ten interactions (oldest first) and the
 * notes. Ordered by counterpart id; an unknown persona is a 404 problem.
 */
@RestController
final class RelationshipController {

    private final PersonaCatalog personas;
    private final PersonaStateStore states;

    RelationshipController(PersonaCatalog personas, PersonaStateStore states) {
        this.personas = personas;
        this.states = states;
    }

    record RelationshipView(
            String counterpartId,
            double sentiment,
            double familiarity,
            double trust,
            @Nullable Instant lastInteractionAt,
            List<String> interactions,
            List<String> notes) {

        static RelationshipView of(Relationship relationship) {
            return new RelationshipView(
                    relationship.counterpartId(),
                    relationship.sentiment(),
                    relationship.familiarity(),
                    relationship.trust(),
                    relationship.lastInteractionAt(),
                    relationship.recentInteractions(),
                    relationship.notes());
        }
    }

    @GetMapping("/api/agents/{id}/relationships")
    List<RelationshipView> list(@PathVariable String id) {
        PersonaId personaId = AgentController.requireKnown(personas, "id", id).id();
        return states.listRelationships(personaId).stream()
                .map(RelationshipView::of)
                .toList();
    }
}
