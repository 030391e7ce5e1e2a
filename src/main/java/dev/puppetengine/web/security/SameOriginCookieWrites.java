package dev.puppetengine.web.security;

import dev.puppetengine.web.security.ApiTokenAuthentication.Source;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses (403) a state-changing request that only the dashboard's cookie authenticates unless it comes from the
 * engine's own origin. SameSite=Strict keeps the cookie off cross-site requests, but another port on 127.0.0.1 is the
 * same site; so the browser's {@code Sec-Fetch-Site} must say {@code same-origin} and {@code Origin} must be this
 * server's scheme, host and port. A cookie write with neither header is refused too. Bearer requests pass: a page
 * cannot make a browser send one. This replaces a CSRF token.
 */
final class SameOriginCookieWrites extends OncePerRequestFilter {

    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS", "TRACE");
    private static final Set<String> SAME_ORIGIN_FETCH_SITES = Set.of("same-origin", "none");

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!SAFE_METHODS.contains(request.getMethod())
                && SecurityContextHolder.getContextHolderStrategy().getContext().getAuthentication()
                        instanceof ApiTokenAuthentication operator
                && operator.source() == Source.COOKIE
                && !isSameOrigin(request)) {
            Problems.write(
                    request,
                    response,
                    HttpStatus.FORBIDDEN,
                    "A change authenticated by the dashboard cookie must come from the dashboard's own page;"
                            + " programs send 'Authorization: Bearer TOKEN'.");
            return;
        }
        chain.doFilter(request, response);
    }

    static boolean isSameOrigin(HttpServletRequest request) {
        String fetchSite = request.getHeader("Sec-Fetch-Site");
        String origin = request.getHeader(HttpHeaders.ORIGIN);
        if (fetchSite == null && origin == null) {
            return false;
        }
        if (fetchSite != null
                && !SAME_ORIGIN_FETCH_SITES.contains(fetchSite.trim().toLowerCase(Locale.ROOT))) {
            return false;
        }
        return origin == null || origin.equals(ownOrigin(request)) || matches(origin, request);
    }

    private static String ownOrigin(HttpServletRequest request) {
        return request.getScheme() + "://" + request.getHeader(HttpHeaders.HOST);
    }

    private static boolean matches(String origin, HttpServletRequest request) {
        URI uri = parse(origin);
        if (uri == null || uri.getScheme() == null || uri.getHost() == null) {
            return false;
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        return scheme.equals(request.getScheme().toLowerCase(Locale.ROOT))
                && uri.getHost().equalsIgnoreCase(request.getServerName())
                && port(scheme, uri.getPort()) == request.getServerPort();
    }

    private static int port(String scheme, int port) {
        if (port >= 0) {
            return port;
        }
        return scheme.equals("https") ? 443 : 80;
    }

    private static @Nullable URI parse(String origin) {
        try {
            return URI.create(origin.trim());
        } catch (IllegalArgumentException notAUri) {
            return null;
        }
    }
}
