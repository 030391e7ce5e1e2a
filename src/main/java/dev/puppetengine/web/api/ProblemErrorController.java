package dev.puppetengine.web.api;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.webmvc.error.ErrorAttributes;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.ServletWebRequest;

/**
 * The servlet container's error page ({@code /error}, replacing Boot's {@code BasicErrorController}): errors that
 * never reached a controller — unknown dispatches, Tomcat's own 400s and 405s, filters that call
 * {@code sendError} or throw — answered as problem JSON whatever the {@code Accept} header says. The status and
 * message set by {@code sendError} are kept for 4xx; a 5xx gets an {@code errorId} (see {@link Problems}).
 */
@RestController
final class ProblemErrorController implements ErrorController {

    private final ErrorAttributes errors;

    ProblemErrorController(ErrorAttributes errors) {
        this.errors = errors;
    }

    @RequestMapping("${server.error.path:/error}")
    void error(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (response.isCommitted()) {
            return;
        }
        Problems.write(response, problemFor(request));
    }

    private ProblemDetail problemFor(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        String path = stringAttribute(request, RequestDispatcher.ERROR_REQUEST_URI);
        if (!(code instanceof Integer status)) {
            // /error asked for directly: there is no error to report.
            ProblemDetail problem = Problems.of(
                    HttpStatus.NOT_FOUND, "No endpoint " + request.getRequestURI() + ".", request.getRequestURI());
            return problem;
        }
        HttpStatusCode statusCode = HttpStatusCode.valueOf(status < 400 || status > 599 ? 500 : status);
        if (statusCode.is5xxServerError()) {
            return Problems.serverError(statusCode, errors.getError(new ServletWebRequest(request)), path);
        }
        String message = stringAttribute(request, RequestDispatcher.ERROR_MESSAGE);
        HttpStatus known = HttpStatus.resolve(statusCode.value());
        String detail = message != null && !message.isBlank()
                ? message
                : known == null ? "The request was refused." : known.getReasonPhrase() + ".";
        return Problems.of(statusCode, detail, path);
    }

    private static @Nullable String stringAttribute(HttpServletRequest request, String name) {
        return request.getAttribute(name) instanceof String value ? value : null;
    }
}
