package dev.puppetengine.social.sandbox;

import dev.puppetengine.shared.InputText;
import dev.puppetengine.shared.InvalidInputException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * The operator's window on the sandbox network (DESIGN §8): the public timeline, newest first, and posting as a
 * sandbox user (a human; created on first use). Behind the operator token like the rest of {@code /api}. A handle
 * of a persona is refused with 409: personas post only through their own OAuth-signed X API.
 */
@RestController
@RequestMapping("/api/sandbox")
final class SandboxTimelineController {

    static final int MAX_LIMIT = 200;
    /** Raw characters of a post's text; X's weighted 280 is checked by the network (a URL counts 23). */
    static final InputText TEXT = InputText.text(2_000);
    /** An X handle with its optional {@code @}. */
    static final InputText AUTHOR = InputText.line(16);

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
            throw new InvalidInputException("limit", "must be between 1 and " + MAX_LIMIT);
        }
        return network.timeline(sinceId == null ? null : id(sinceId, "sinceId"), limit);
    }

    @PostMapping("/posts")
    @ResponseStatus(HttpStatus.CREATED)
    ResponseEntity<SandboxPost> post(@Valid @RequestBody NewPost request) {
        String author = AUTHOR.require("/author", request.author().trim());
        String text = TEXT.require("/text", request.text());
        Long replyTo = request.inReplyTo() == null || request.inReplyTo().isBlank()
                ? null
                : id(request.inReplyTo(), "/inReplyTo");
        SandboxPost post = network.postAsHuman(author, text, replyTo);
        return ResponseEntity.created(URI.create("/api/sandbox/timeline?sinceId=" + (Long.parseLong(post.id()) - 1)))
                .body(post);
    }

    @ExceptionHandler(SandboxRejection.class)
    ResponseEntity<ProblemDetail> rejected(SandboxRejection rejection, HttpServletRequest request) {
        HttpStatus status = switch (rejection.reason()) {
            case NOT_FOUND, REPLY_TARGET_MISSING, QUOTE_TARGET_MISSING -> HttpStatus.NOT_FOUND;
            case DUPLICATE_CONTENT, PERSONA_HANDLE -> HttpStatus.CONFLICT;
            case NOT_OWNER -> HttpStatus.FORBIDDEN;
            case INVALID_TEXT, INVALID_USERNAME -> HttpStatus.BAD_REQUEST;
        };
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, rejection.detail());
        problem.setType(URI.create("about:blank"));
        problem.setTitle("Sandbox post rejected");
        problem.setInstance(URI.create(request.getRequestURI()));
        problem.setProperty("reason", rejection.reason().name().toLowerCase(Locale.ROOT));
        return ResponseEntity.status(status)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }

    private static long id(String value, String name) {
        if (!value.matches("[0-9]{1,19}")) {
            throw new InvalidInputException(name, "must be a numeric post id");
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException tooLarge) {
            throw new InvalidInputException(name, "must be a numeric post id");
        }
    }
}
