package dev.puppetengine.web.api;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one shape of every error answer: an RFC 9457 problem ({@code type}, {@code title}, {@code status},
 * {@code detail}, {@code instance}), always {@code application/problem+json} whatever the client accepts. A 5xx
 * carries a random {@code errorId} that is logged at ERROR with the stack trace; the answer never holds the trace,
 * the exception class or its message.
 */
final class Problems {

    private static final Logger log = LoggerFactory.getLogger(Problems.class);
    private static final JsonMapper JSON = JsonMapper.shared();
    private static final int MAX_DETAIL = 500;

    /** RFC 9457's type of a problem that is just its status; written out so every answer has all five members. */
    static final URI ABOUT_BLANK = URI.create("about:blank");

    private Problems() {}

    static ProblemDetail of(HttpStatusCode status, String detail, @Nullable String instance) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, cut(detail));
        problem.setType(ABOUT_BLANK);
        if (instance != null) {
            problem.setInstance(URI.create(safePath(instance)));
        }
        return problem;
    }

    /** A 400 naming the offending {@code field} (a parameter, a path variable or a JSON pointer). */
    static ProblemDetail badInput(String field, String reason, @Nullable String instance) {
        ProblemDetail problem = of(HttpStatus.BAD_REQUEST, field + ": " + reason, instance);
        problem.setTitle("Invalid request");
        problem.setProperty("field", field);
        return problem;
    }

    /** A 500 for an unexpected failure: logged with a fresh error id, answered with only that id. */
    static ProblemDetail internalError(@Nullable Throwable error, @Nullable String instance) {
        return serverError(HttpStatus.INTERNAL_SERVER_ERROR, error, instance);
    }

    static ProblemDetail serverError(HttpStatusCode status, @Nullable Throwable error, @Nullable String instance) {
        String errorId = UUID.randomUUID().toString();
        if (error == null) {
            log.error("errorId={} status {} answered for {}", errorId, status.value(), instance);
        } else {
            log.error("errorId={} unexpected failure answering {}", errorId, instance, error);
        }
        ProblemDetail problem = of(
                status,
                "The engine failed to answer this request. The log has the details under errorId " + errorId + ".",
                instance);
        problem.setProperty("errorId", errorId);
        return problem;
    }

    static ResponseEntity<ProblemDetail> response(ProblemDetail problem) {
        return ResponseEntity.status(problem.getStatus())
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }

    /** The problem as its JSON bytes, fields in RFC order. */
    static byte[] json(ProblemDetail problem) {
        Map<String, @Nullable Object> fields = new LinkedHashMap<>();
        URI type = problem.getType();
        fields.put("type", type == null ? "about:blank" : type.toString());
        fields.put("title", problem.getTitle());
        fields.put("status", problem.getStatus());
        fields.put("detail", problem.getDetail());
        if (problem.getInstance() != null) {
            fields.put("instance", problem.getInstance().toString());
        }
        Map<String, Object> properties = problem.getProperties();
        if (properties != null) {
            properties.forEach(fields::putIfAbsent);
        }
        return JSON.writeValueAsBytes(fields);
    }

    /** Writes the problem as the whole response, replacing whatever status and type were set. */
    static void write(HttpServletResponse response, ProblemDetail problem) throws IOException {
        byte[] body = json(problem);
        response.setStatus(problem.getStatus());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    /** A detail no longer than {@link #MAX_DETAIL}, so no client value is echoed at length. */
    static String cut(String text) {
        return text.length() <= MAX_DETAIL ? text : text.substring(0, MAX_DETAIL) + "…";
    }

    /** The request path as a relative URI reference: printable ASCII kept, anything else percent-encoded. */
    private static String safePath(String path) {
        StringBuilder safe = new StringBuilder();
        byte[] bytes = cut(path).getBytes(StandardCharsets.UTF_8);
        for (byte b : bytes) {
            int c = b & 0xff;
            boolean plain = (c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9')
                    || "/-._~!$&'()*+,;=:@".indexOf(c) >= 0;
            if (plain) {
                safe.append((char) c);
            } else {
                safe.append('%').append(String.format("%02X", c));
            }
        }
        return safe.toString();
    }
}
