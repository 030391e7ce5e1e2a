package dev.puppetengine.web.security;

import dev.puppetengine.web.api.ApiToken;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.Authentication;

/**
 * Checks a presented {@link ApiTokenAuthentication} against the {@link ApiToken} (in constant time). The only way to
 * authenticate: as a bean it also keeps Spring Boot from creating a default user with a generated password.
 */
final class ApiTokenAuthenticationProvider implements AuthenticationProvider {

    private final ApiToken token;

    ApiTokenAuthenticationProvider(ApiToken token) {
        this.token = token;
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        ApiTokenAuthentication presented = (ApiTokenAuthentication) authentication;
        if (!token.matches(presented.getCredentials().toString())) {
            throw new BadCredentialsException("The API token is wrong.");
        }
        return ApiTokenAuthentication.operator(presented.source());
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return ApiTokenAuthentication.class.isAssignableFrom(authentication);
    }
}
