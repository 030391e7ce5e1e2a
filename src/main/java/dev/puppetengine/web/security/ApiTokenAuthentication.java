package dev.puppetengine.web.security;

import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.AuthorityUtils;

/**
 * The API token as a request presented it ({@link #presented}), or the operator once it matched
 * ({@link #operator}). {@link Source} says how it came: a bearer header, which only a program that knows the token
 * can send, or the dashboard's cookie, which a browser attaches by itself (so writes with it must come from the
 * dashboard's own origin). An authenticated one holds no token.
 */
final class ApiTokenAuthentication extends AbstractAuthenticationToken {

    private static final long serialVersionUID = 1L;

    /** How the token was presented. */
    enum Source {
        BEARER,
        COOKIE
    }

    private final Source source;
    private final @Nullable String presented;

    private ApiTokenAuthentication(Source source, @Nullable String presented, boolean authenticated) {
        super(authenticated ? List.copyOf(AuthorityUtils.createAuthorityList("ROLE_OPERATOR")) : List.of());
        this.source = source;
        this.presented = presented;
        setAuthenticated(authenticated);
    }

    static ApiTokenAuthentication presented(Source source, String token) {
        return new ApiTokenAuthentication(source, token, false);
    }

    static ApiTokenAuthentication operator(Source source) {
        return new ApiTokenAuthentication(source, null, true);
    }

    Source source() {
        return source;
    }

    @Override
    public Object getCredentials() {
        return presented == null ? "" : presented;
    }

    @Override
    public Object getPrincipal() {
        return "operator";
    }
}
