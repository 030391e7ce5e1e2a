package dev.puppetengine.web.security;

import dev.puppetengine.web.api.ApiToken;
import dev.puppetengine.web.security.ApiTokenAuthentication.Source;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseCookie;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates the request when it presents the API token: {@code Authorization: Bearer TOKEN}, or the HttpOnly
 * {@value #COOKIE_NAME} cookie. A {@code GET} with {@code ?token=TOKEN} (how the dashboard is opened) sets that
 * cookie: HttpOnly, SameSite=Strict, Secure over HTTPS. Which paths need the token is the filter chain's business.
 */
final class ApiTokenAuthenticationFilter extends OncePerRequestFilter {

    /** The dashboard's cookie; it carries the token. */
    static final String COOKIE_NAME = "puppet_token";

    static final String TOKEN_PARAMETER = "token";
    private static final String BEARER = "Bearer ";

    private final ApiToken token;
    private final AuthenticationProvider provider;
    private final SecurityContextHolderStrategy contexts = SecurityContextHolder.getContextHolderStrategy();

    ApiTokenAuthenticationFilter(ApiToken token, AuthenticationProvider provider) {
        this.token = token;
        this.provider = provider;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        for (ApiTokenAuthentication presented : presentedTokens(request)) {
            try {
                Authentication operator = provider.authenticate(presented);
                var context = contexts.createEmptyContext();
                context.setAuthentication(operator);
                contexts.setContext(context);
                break;
            } catch (AuthenticationException wrong) {
                // try the next one; without any, the entry point answers 401
            }
        }
        if ("GET".equals(request.getMethod()) && token.matches(request.getParameter(TOKEN_PARAMETER))) {
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

    /** Whether the request carries a token at all (right or wrong), to tell "missing" from "wrong". */
    static boolean presentsToken(HttpServletRequest request) {
        return request.getHeader(HttpHeaders.AUTHORIZATION) != null || cookieToken(request) != null;
    }

    private static List<ApiTokenAuthentication> presentedTokens(HttpServletRequest request) {
        List<ApiTokenAuthentication> presented = new ArrayList<>(2);
        String bearer = bearerToken(request);
        if (bearer != null) {
            presented.add(ApiTokenAuthentication.presented(Source.BEARER, bearer));
        }
        String cookie = cookieToken(request);
        if (cookie != null) {
            presented.add(ApiTokenAuthentication.presented(Source.COOKIE, cookie));
        }
        return presented;
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
}
