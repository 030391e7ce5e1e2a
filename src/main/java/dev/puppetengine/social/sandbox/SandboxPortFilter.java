package dev.puppetengine.social.sandbox;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.Supplier;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Keeps the two ports apart: the sandbox X API's port answers {@code /2/...} only (the dashboard and {@code /api}
 * stay on the engine's port), and the engine's port serves the X API under {@code /sandbox/x/2/...} only, never at
 * {@code /2/}. Anything else gets X's answer to an unknown page.
 */
final class SandboxPortFilter extends OncePerRequestFilter {

    static final String API_ROOT = "/2/";
    private static final String NO_SUCH_PAGE =
            "{\"errors\":[{\"message\":\"Sorry, that page does not exist\",\"code\":34}]}";

    private final Supplier<Optional<Integer>> sandboxPort;

    SandboxPortFilter(Supplier<Optional<Integer>> sandboxPort) {
        this.sandboxPort = sandboxPort;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        boolean onSandboxPort =
                sandboxPort.get().filter(port -> port == request.getLocalPort()).isPresent();
        boolean apiPath = request.getRequestURI().startsWith(API_ROOT);
        if (onSandboxPort != apiPath) {
            response.setStatus(HttpServletResponse.SC_NOT_FOUND);
            response.setContentType("application/json");
            response.setCharacterEncoding(StandardCharsets.UTF_8.name());
            response.getWriter().write(NO_SUCH_PAGE);
            return;
        }
        chain.doFilter(request, response);
    }
}
