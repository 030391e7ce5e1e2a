package dev.puppetengine.web.api;

import dev.puppetengine.memory.Memory;
import dev.puppetengine.memory.MemoryBank;
import dev.puppetengine.memory.MemoryKind;
import dev.puppetengine.memory.MemoryProperties;
import dev.puppetengine.memory.MemoryStore;
import dev.puppetengine.memory.Recall;
import dev.puppetengine.memory.ScoredMemory;
import dev.puppetengine.persona.PersonaCatalog;
import dev.puppetengine.persona.PersonaId;
import dev.puppetengine.shared.InputText;
import dev.puppetengine.shared.InvalidInputException;
import io.swagger.v3.oas.annotations.media.Schema;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * A persona's memories (DESIGN §4.6): {@code GET} lists them — recalled for {@code query} (core memories, then the
 * best {@code limit} others with their scores) or the newest {@code limit} without one — and {@code POST} remembers
 * a new one. Unknown personas are 404, bad input 400, both as problem details ({@link ApiProblems}).
 */
@RestController
@RequestMapping("/api/agents/{id}/memories")
final class MemoryController {

    static final int MAX_LIMIT = 200;
    static final int MAX_CONTENT_LENGTH = 2_000;

    private final PersonaCatalog personas;
    private final MemoryStore store;
    private final MemoryBank bank;
    private final Recall recall;
    private final MemoryProperties properties;

    MemoryController(
            PersonaCatalog personas, MemoryStore store, MemoryBank bank, Recall recall, MemoryProperties properties) {
        this.personas = personas;
        this.store = store;
        this.bank = bank;
        this.recall = recall;
        this.properties = properties;
    }

    /** A memory as the API shows it; {@code score} is present for recalled, non-core memories. */
    record MemoryView(
            long id,
            String personaId,
            String type,
            String content,
            double importance,
            double valence,
            Instant createdAt,
            List<String> sourceIds,
            @Nullable Double score) {

        static MemoryView of(Memory memory, @Nullable Double score) {
            return new MemoryView(
                    memory.id(),
                    memory.personaId().value(),
                    memory.kind().wireName(),
                    memory.content(),
                    memory.importance(),
                    memory.valence(),
                    memory.createdAt(),
                    memory.sourceIds(),
                    score);
        }
    }

    /** The body of {@code POST}: {@code type} defaults to {@code general}, {@code importance} to 0.5. */
    record NewMemory(
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED) @Nullable
            String content,

            @Nullable String type,
            @Nullable Double importance) {}

    @GetMapping
    List<MemoryView> list(
            @PathVariable String id,
            @RequestParam(required = false) @Nullable String query,
            @RequestParam(defaultValue = "20") int limit) {
        PersonaId personaId = requirePersona(id);
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new InvalidInputException("limit", "must be between 1 and " + MAX_LIMIT);
        }
        InputText.QUERY.requireOrNull("query", query);
        if (query == null || query.isBlank()) {
            return store.listNewest(personaId, limit).stream()
                    .map(m -> MemoryView.of(m, null))
                    .toList();
        }
        List<MemoryView> views = new ArrayList<>();
        recall.core(personaId).forEach(m -> views.add(MemoryView.of(m, null)));
        for (ScoredMemory scored : recall.rank(personaId, query, limit, properties.weights())) {
            views.add(MemoryView.of(scored.memory(), scored.score()));
        }
        return views;
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    ResponseEntity<MemoryView> remember(@PathVariable String id, @RequestBody NewMemory request) {
        PersonaId personaId = requirePersona(id);
        String content = request.content() == null ? "" : request.content().strip();
        if (content.isEmpty()) {
            throw new InvalidInputException("/content", "must not be blank");
        }
        InputText.text(MAX_CONTENT_LENGTH).require("/content", content);
        MemoryKind kind = kind(request.type());
        double importance = request.importance() == null ? 0.5 : request.importance();
        if (!(importance >= 0 && importance <= 1)) {
            throw new InvalidInputException("/importance", "must be between 0 and 1");
        }
        Memory stored = bank.remember(personaId, kind, content, importance, 0, List.of("api"));
        return ResponseEntity.created(URI.create("/api/agents/" + personaId + "/memories/" + stored.id()))
                .body(MemoryView.of(stored, null));
    }

    private PersonaId requirePersona(String id) {
        return AgentController.requireKnown(personas, "id", id).id();
    }

    private static MemoryKind kind(@Nullable String type) {
        if (type == null || type.isBlank()) {
            return MemoryKind.GENERAL;
        }
        InputText.IDENTIFIER.require("/type", type);
        try {
            return MemoryKind.fromWireName(type);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(
                    "/type",
                    "must be one of "
                            + Arrays.stream(MemoryKind.values())
                                    .map(MemoryKind::wireName)
                                    .collect(Collectors.joining(", ")));
        }
    }
}
