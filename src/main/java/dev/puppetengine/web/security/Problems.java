package dev.puppetengine.web.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes the guard's refusals as RFC 9457 problems ({@code application/problem+json}), straight to the servlet
 * response: they happen in filters, before Spring MVC and its exception handlers. The body is UTF-8 JSON (RFC 8259)
 * with its length set, so a client has the whole answer at once even while the server is still closing the
 * connection.
 */
final class Problems {

    private static final JsonMapper JSON = JsonMapper.shared();

    private Problems() {}

    static void write(HttpServletRequest request, HttpServletResponse response, HttpStatus status, String detail)
            throws IOException {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", "about:blank");
        problem.put("title", status.getReasonPhrase());
        problem.put("status", status.value());
        problem.put("detail", detail);
        if (!isXApi(request.getRequestURI())) {
            // X's own problems carry no instance, and the sandbox X API answers as X does
            problem.put("instance", instance(request));
        }
        byte[] body = JSON.writeValueAsBytes(problem);
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    /** The sandbox X API: {@code /2/…} on its port, {@code /sandbox/x/2/…} on the engine's. */
    private static boolean isXApi(String path) {
        return path.startsWith("/2/") || path.startsWith("/sandbox/x/2/");
    }

    /** The request path as sent, cut short: it may be anything a client chose, so never echoed whole. */
    private static String instance(HttpServletRequest request) {
        String uri = request.getRequestURI();
        return uri.length() <= 200 ? uri : uri.substring(0, 200) + "…";
    }
}
