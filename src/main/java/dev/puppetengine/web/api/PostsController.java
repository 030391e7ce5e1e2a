package dev.puppetengine.web.api;

import dev.puppetengine.persona.PersonaCatalog;
import dev.puppetengine.persona.PersonaId;
import dev.puppetengine.shared.InputText;
import dev.puppetengine.shared.InvalidInputException;
import dev.puppetengine.social.Outbox;
import dev.puppetengine.social.OutboxItem;
import dev.puppetengine.social.OutboxStatus;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/posts?agentId=&status=&limit=&before=}: the outbox, newest first (DESIGN §8). {@code before} is a
 * cursor: only items with a smaller id, so passing the last id of a page gets the next one until a page is empty.
 */
@RestController
final class PostsController {

    private static final int MAX_LIMIT = 500;

    private final PersonaCatalog personas;
    private final Outbox outbox;

    PostsController(PersonaCatalog personas, Outbox outbox) {
        this.personas = personas;
        this.outbox = outbox;
    }

    /** One outbox item as the API shows it. */
    record PostItem(
            long id,
            String agentId,
            String status,
            String text,
            @Nullable String inReplyTo,
            @Nullable String remoteId,
            int attempts,
            @Nullable String reason,
            Instant createdAt,
            Instant updatedAt,
            @Nullable Instant postedAt) {

        static PostItem of(OutboxItem item) {
            return new PostItem(
                    item.id(),
                    item.personaId().value(),
                    item.status().wireName(),
                    item.text(),
                    item.inReplyToId(),
                    item.remoteId(),
                    item.attempts(),
                    item.reason(),
                    item.createdAt(),
                    item.updatedAt(),
                    item.postedAt());
        }
    }

    @GetMapping("/api/posts")
    List<PostItem> list(
            @RequestParam(required = false) @Nullable String agentId,
            @RequestParam(required = false) @Nullable String status,
            @RequestParam(defaultValue = "100") int limit,
            @RequestParam(required = false) @Nullable Long before) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new InvalidInputException("limit", "must be between 1 and " + MAX_LIMIT);
        }
        if (before != null && before < 1) {
            throw new InvalidInputException("before", "must be a post id (a whole number of at least 1)");
        }
        PersonaId persona = agentId == null || agentId.isEmpty()
                ? null
                : AgentController.requireKnown(personas, "agentId", agentId).id();
        OutboxStatus wanted = status == null || status.isEmpty() ? null : parseStatus(status);
        return outbox.list(persona, wanted, before, limit).stream()
                .map(PostItem::of)
                .toList();
    }

    private static OutboxStatus parseStatus(String status) {
        InputText.IDENTIFIER.require("status", status);
        try {
            return OutboxStatus.fromWireName(status.strip().toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(
                    "status",
                    "must be one of "
                            + List.of(OutboxStatus.values()).stream()
                                    .map(OutboxStatus::wireName)
                                    .toList());
        }
    }
}
