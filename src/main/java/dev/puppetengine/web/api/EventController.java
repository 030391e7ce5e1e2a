package dev.puppetengine.web.api;

import dev.puppetengine.event.Event;
import dev.puppetengine.event.Events;
import dev.puppetengine.event.Priority;
import dev.puppetengine.event.PublishEvent;
import dev.puppetengine.event.StoredEvent;
import dev.puppetengine.persona.PersonaCatalog;
import dev.puppetengine.persona.PersonaId;
import dev.puppetengine.shared.InvalidInputException;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * The event engine's operator surface (DESIGN §4.4, §8): {@code POST} injects an event — {@code news},
 * {@code mood_shift}, {@code interaction_prompt} or an operator-defined type — for some personas (none = every
 * active one), with a priority and a delay in persona seconds, and answers 202 with the stored event; {@code GET}
 * lists recent events, newest first, with their status. Bad input is a 400 problem naming the field.
 */
@RestController
@RequestMapping("/api/events")
final class EventController {

    static final int MAX_LIMIT = 200;
    static final int MAX_TARGETS = 1000;
    static final long MAX_DELAY_SECONDS = Duration.ofDays(365).toSeconds();

    private final Events events;
    private final PersonaCatalog personas;

    EventController(Events events, PersonaCatalog personas) {
        this.events = events;
        this.personas = personas;
    }

    /** The body of {@code POST /api/events}. */
    record EventRequest(
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "news") @Nullable
            String type,

            @Nullable Map<String, @Nullable Object> data,
            @Nullable List<@Nullable String> targetAgentIds,

            @Schema(allowableValues = {"low", "normal", "high", "critical"}) @Nullable
            String priority,

            @Nullable Long delaySeconds) {}

    /** An event as the API shows it; {@code status} is {@code pending}, {@code handled} or {@code failed}. */
    record EventView(
            String id,
            String type,
            Map<String, @Nullable Object> data,
            String status,
            String priority,
            List<String> targetAgentIds,
            String source,
            Instant createdAt,
            Instant dueAt,
            @Nullable Instant handledAt,
            @Nullable String reason,
            int attempts) {

        static EventView of(StoredEvent event) {
            return new EventView(
                    event.id(),
                    event.type(),
                    event.event().data(),
                    event.status().wireName(),
                    event.priority().wireName(),
                    event.targets().stream().map(PersonaId::value).toList(),
                    event.source(),
                    event.createdAt(),
                    event.dueAt(),
                    event.handledAt(),
                    event.reason(),
                    event.attempts());
        }
    }

    @PostMapping
    @ResponseStatus(HttpStatus.ACCEPTED)
    ResponseEntity<EventView> publish(@RequestBody EventRequest request) {
        if (request.type() == null || request.type().isBlank()) {
            throw new InvalidInputException("/type", "is required");
        }
        Event event = Event.of(request.type(), request.data() == null ? Map.of() : request.data());
        Priority priority =
                request.priority() == null ? Priority.NORMAL : Priority.fromWireName(request.priority(), "/priority");
        long delay = request.delaySeconds() == null ? 0 : request.delaySeconds();
        if (delay < 0 || delay > MAX_DELAY_SECONDS) {
            throw new InvalidInputException("/delaySeconds", "must be between 0 and " + MAX_DELAY_SECONDS);
        }
        StoredEvent stored = events.publish(new PublishEvent(
                event, priority, targets(request.targetAgentIds()), Duration.ofSeconds(delay), "operator"));
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(EventView.of(stored));
    }

    @GetMapping
    List<EventView> list(@RequestParam(defaultValue = "50") int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new InvalidInputException("limit", "must be between 1 and " + MAX_LIMIT);
        }
        return events.listRecent(limit).stream().map(EventView::of).toList();
    }

    private List<PersonaId> targets(@Nullable List<@Nullable String> ids) {
        if (ids == null) {
            return List.of();
        }
        if (ids.size() > MAX_TARGETS) {
            throw new InvalidInputException("/targetAgentIds", "must list at most " + MAX_TARGETS + " personas");
        }
        Set<PersonaId> targets = new LinkedHashSet<>();
        for (int i = 0; i < ids.size(); i++) {
            String field = "/targetAgentIds/" + i;
            String id = ids.get(i);
            if (id == null || id.isBlank()) {
                throw new InvalidInputException(field, "must be a persona id");
            }
            PersonaId personaId = AgentController.personaId(field, id);
            if (personas.findPersona(personaId).isEmpty()) {
                throw new InvalidInputException(field, "is not a configured persona");
            }
            targets.add(personaId);
        }
        return List.copyOf(targets);
    }
}
