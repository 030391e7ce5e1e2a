package dev.puppetengine.web.api;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseCookie;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Guards {@code /api/**} and the actuator endpoints other than health with the {@link ApiToken}: presented as
 * {@code Authorization: Bearer TOKEN}, or as the HttpOnly cookie that opening the dashboard with {@code /?token=TOKEN}
 * sets. Anything else (the dashboard page, static assets, the sandbox X API with its own OAuth) passes untouched.
 * Refusals are 401 problem details.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
public final class ApiTokenFilter extends OncePerRequestFilter {

    /** The dashboard's cookie; it carries the token, HttpOnly and SameSite=Strict. */
    public static final String COOKIE_NAME = "puppet_token";

    static final String TOKEN_PARAMETER = "token";
    private static final String BEARER = "Bearer ";

    private final ApiToken token;
    private final JsonMapper json = JsonMapper.shared();

    public ApiTokenFilter(ApiToken token) {
        this.token = token;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (isGuarded(path)) {
            if (!token.matches(bearerToken(request)) && !token.matches(cookieToken(request))) {
                refuse(request, response, path);
                return;
            }
        } else if (token.matches(request.getParameter(TOKEN_PARAMETER))) {
            response.addHeader(
                    HttpHeaders.SET_COOKIE,
                    ResponseCookie.from(COOKIE_NAME, token.value())
                            .httpOnly(true)
                            .sameSite("Strict")
                            .secure(request.isSecure())
                            .path("/")
                            .build()
                            .toString());
        }
        chain.doFilter(request, response);
    }

    static boolean isGuarded(String path) {
        if (path.equals("/api") || path.startsWith("/api/")) {
            return true;
        }
        if (path.equals("/actuator") || path.startsWith("/actuator/")) {
            return !(path.equals("/actuator/health") || path.startsWith("/actuator/health/"));
        }
        return false;
    }

    private static @Nullable String bearerToken(HttpServletRequest request) {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null
                || header.length() <= BEARER.length()
                || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return null;
        }
        return header.substring(BEARER.length()).trim();
    }

    private static @Nullable String cookieToken(HttpServletRequest request) {
        Cookie[] cookies = request.getCookies();
        if (cookies == null) {
            return null;
        }
        for (Cookie cookie : cookies) {
            if (COOKIE_NAME.equals(cookie.getName())) {
                return cookie.getValue();
            }
        }
        return null;
    }

    private void refuse(HttpServletRequest request, HttpServletResponse response, String path) throws IOException {
        boolean presented = request.getHeader(HttpHeaders.AUTHORIZATION) != null || cookieToken(request) != null;
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", "about:blank");
        problem.put("title", HttpStatus.UNAUTHORIZED.getReasonPhrase());
        problem.put("status", HttpStatus.UNAUTHORIZED.value());
        problem.put(
                "detail",
                presented
                        ? "The API token is wrong."
                        : "An API token is required: send 'Authorization: Bearer TOKEN' (the token is in"
                                + " DATA_DIR/api-token or PUPPET_API_TOKEN).");
        problem.put("instance", path);
        response.setStatus(HttpStatus.UNAUTHORIZED.value());
        response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"puppet\"");
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.getWriter().write(json.writeValueAsString(problem));
    }
}
