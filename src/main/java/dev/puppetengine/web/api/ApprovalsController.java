package dev.puppetengine.web.api;

import dev.puppetengine.agent.Approvals;
import dev.puppetengine.persona.PersonaCatalog;
import dev.puppetengine.persona.PersonaId;
import dev.puppetengine.shared.InputText;
import dev.puppetengine.shared.InvalidInputException;
import dev.puppetengine.social.OutboxItem;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/approvals}: the posts waiting for a human (the personas' {@code approval} mode), newest first, paged like
 * {@code GET /api/posts}; approve one (optionally with an edited text, which passes the output policy again) or
 * reject it. 404 for an unknown id, 409 for an item that is not waiting (any more), 422 for a refused edit.
 */
@RestController
final class ApprovalsController {

    private static final int MAX_LIMIT = 500;
    private static final InputText TEXT = InputText.text(2_000);
    private static final InputText REASON = InputText.text(500);

    private final PersonaCatalog personas;
    private final Approvals approvals;

    ApprovalsController(PersonaCatalog personas, Approvals approvals) {
        this.personas = personas;
        this.approvals = approvals;
    }

    /** One waiting item: {@code kind} is {@code post}, {@code reply} or {@code quote}. */
    record ApprovalItem(
            long id,
            String agentId,
            String kind,
            String text,
            @Nullable String inReplyTo,
            @Nullable String quoted,
            Instant createdAt,
            Instant expiresAt) {

        static ApprovalItem of(OutboxItem item, Instant expiresAt) {
            String kind = item.isReply() ? "reply" : item.isQuote() ? "quote" : "post";
            return new ApprovalItem(
                    item.id(),
                    item.personaId().value(),
                    kind,
                    item.text(),
                    item.inReplyToId(),
                    item.quoteOfId(),
                    item.createdAt(),
                    expiresAt);
        }
    }

    @GetMapping("/api/approvals")
    List<ApprovalItem> list(
            @RequestParam(required = false) @Nullable String agentId,
            @RequestParam(defaultValue = "100") int limit,
            @RequestParam(required = false) @Nullable Long before) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new InvalidInputException("limit", "must be between 1 and " + MAX_LIMIT);
        }
        if (before != null && before < 1) {
            throw new InvalidInputException("before", "must be an approval id (a whole number of at least 1)");
        }
        PersonaId persona = agentId == null || agentId.isEmpty()
                ? null
                : AgentController.requireKnown(personas, "agentId", agentId).id();
        return approvals.listWaiting(persona, before, limit).stream()
                .map(item -> ApprovalItem.of(item, approvals.expiresAt(item)))
                .toList();
    }

    /** Approves and sends the item: 200 with the outbox item as it is afterwards (usually {@code posted}). */
    @PostMapping("/api/approvals/{id}/approve")
    PostsController.PostItem approve(@PathVariable long id, @RequestBody ApprovalDecisionRequest request) {
        String text = TEXT.requireOrNull("/text", request.text());
        if (text != null && text.isBlank()) {
            throw new InvalidInputException("/text", "must not be blank (leave it out to post the draft as it is)");
        }
        if (request.reason() != null) {
            throw new InvalidInputException("/reason", "is for reject; approve takes only text");
        }
        return PostsController.PostItem.of(decided(id, approvals.approve(id, text)));
    }

    /** Rejects the item: it is never sent. 200 with the outbox item, now {@code rejected}. */
    @PostMapping("/api/approvals/{id}/reject")
    PostsController.PostItem reject(@PathVariable long id, @RequestBody ApprovalDecisionRequest request) {
        String reason = REASON.requireOrNull("/reason", request.reason());
        if (request.text() != null) {
            throw new InvalidInputException("/text", "is for approve; reject takes only reason");
        }
        return PostsController.PostItem.of(decided(id, approvals.reject(id, reason)));
    }

    private static OutboxItem decided(long id, Approvals.Result result) {
        return switch (result) {
            case Approvals.Decided decided -> decided.item();
            case Approvals.NotFound notFound ->
                throw new ProblemException(
                        HttpStatus.NOT_FOUND,
                        "Unknown approval",
                        "No outbox item with id " + id + ".",
                        Map.of("approvalId", id));
            case Approvals.NotWaiting notWaiting ->
                throw new ProblemException(
                        HttpStatus.CONFLICT,
                        "Not awaiting approval",
                        "Outbox item " + id + " is "
                                + notWaiting.item().status().wireName() + ", not awaiting approval; nothing changed.",
                        Map.of(
                                "approvalId",
                                id,
                                "status",
                                notWaiting.item().status().wireName()));
            case Approvals.TextRefused refused ->
                throw new ProblemException(
                        HttpStatus.UNPROCESSABLE_CONTENT,
                        "Text refused",
                        "The edited text was refused by the output policy: " + refused.reason()
                                + "; the item still awaits approval.",
                        Map.of("approvalId", id, "reason", refused.reason()));
        };
    }
}
