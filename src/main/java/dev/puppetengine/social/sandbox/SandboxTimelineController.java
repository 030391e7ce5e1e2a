package dev.puppetengine.social.sandbox;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import java.net.URI;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The operator's window on the sandbox network (DESIGN §8): the public timeline, newest first, and posting as a
 * sandbox user (a human; created on first use). Behind the operator token like the rest of {@code /api}.
 */
@RestController
@RequestMapping("/api/sandbox")
final class SandboxTimelineController {

    private static final int MAX_LIMIT = 200;

    private final SandboxNetwork network;

    SandboxTimelineController(SandboxNetwork network) {
        this.network = network;
    }

    /** {@code author} is a handle (with or without @); {@code inReplyTo} a post id. */
    record NewPost(
            @NotBlank String author,
            @NotBlank String text,
            @Nullable String inReplyTo) {}

    @GetMapping("/timeline")
    List<SandboxPost> timeline(
            @RequestParam(defaultValue = "50") int limit, @RequestParam(required = false) @Nullable String sinceId) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT);
        }
        return network.timeline(sinceId == null ? null : id(sinceId, "sinceId"), limit);
    }

    @PostMapping("/posts")
    ResponseEntity<SandboxPost> post(@Valid @RequestBody NewPost request) {
        Long replyTo = request.inReplyTo() == null || request.inReplyTo().isBlank()
                ? null
                : id(request.inReplyTo(), "inReplyTo");
        SandboxPost post = network.postAsHuman(request.author().trim(), request.text(), replyTo);
        return ResponseEntity.created(URI.create("/api/sandbox/timeline?sinceId=" + (Long.parseLong(post.id()) - 1)))
                .body(post);
    }

    @ExceptionHandler(SandboxRejection.class)
    ProblemDetail rejected(SandboxRejection rejection) {
        HttpStatus status = switch (rejection.reason()) {
            case NOT_FOUND, REPLY_TARGET_MISSING, QUOTE_TARGET_MISSING -> HttpStatus.NOT_FOUND;
            case DUPLICATE_CONTENT -> HttpStatus.CONFLICT;
            case NOT_OWNER -> HttpStatus.FORBIDDEN;
            case INVALID_TEXT, INVALID_USERNAME -> HttpStatus.BAD_REQUEST;
        };
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, rejection.detail());
        problem.setTitle("Sandbox post rejected");
        problem.setProperty("reason", rejection.reason().name().toLowerCase(java.util.Locale.ROOT));
        return problem;
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ProblemDetail invalid(IllegalArgumentException invalid) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, invalid.getMessage());
    }

    private static long id(String value, String name) {
        if (!value.matches("[0-9]{1,19}")) {
            throw new IllegalArgumentException(name + " must be a numeric post id");
        }
        return Long.parseLong(value);
    }
}
