package dev.puppetengine.web.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.puppetengine.shared.EngineProperties;
import dev.puppetengine.web.api.ApiToken;
import dev.puppetengine.web.security.ApiTokenAuthentication.Source;
import jakarta.servlet.http.Cookie;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

class ApiTokenAuthenticationFilterTest {

    private static final String TOKEN = "the-operator-token";

    private final ApiToken token = new ApiToken(
            new EngineProperties(
                    Path.of("config"), Path.of("target/unused"), EngineProperties.Mode.SANDBOX, 1, "", "127.0.0.1"),
            new MockEnvironment().withProperty(ApiToken.ENV_VARIABLE, TOKEN));
    private final ApiTokenAuthenticationFilter filter =
            new ApiTokenAuthenticationFilter(token, new ApiTokenAuthenticationProvider(token));

    @AfterEach
    void clear() {
        SecurityContextHolder.clearContext();
    }

    /** The authentication that the rest of the chain sees. */
    private @Nullable Authentication seenBy(MockHttpServletRequest request, MockHttpServletResponse response)
            throws Exception {
        AtomicReference<@Nullable Authentication> seen = new AtomicReference<>();
        filter.doFilter(
                request,
                response,
                (req, res) -> seen.set(SecurityContextHolder.getContext().getAuthentication()));
        return seen.get();
    }

    @Nested
    class Authentication_ {

        @Test
        void a_bearer_token_authenticates_as_bearer() throws Exception {
            MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/status");
            request.addHeader("Authorization", "bearer " + TOKEN);

            assertThat(seenBy(request, new MockHttpServletResponse()))
                    .isInstanceOfSatisfying(ApiTokenAuthentication.class, operator -> {
                        assertThat(operator.isAuthenticated()).isTrue();
                        assertThat(operator.source()).isEqualTo(Source.BEARER);
                        assertThat(operator.getCredentials()).isEqualTo("");
                    });
        }

        @Test
        void the_cookie_authenticates_as_cookie() throws Exception {
            MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/status");
            request.setCookies(new Cookie(ApiTokenAuthenticationFilter.COOKIE_NAME, TOKEN));

            assertThat(seenBy(request, new MockHttpServletResponse()))
                    .isInstanceOfSatisfying(
                            ApiTokenAuthentication.class,
                            operator -> assertThat(operator.source()).isEqualTo(Source.COOKIE));
        }

        @Test
        void a_wrong_token_authenticates_nothing() throws Exception {
            MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/status");
            request.addHeader("Authorization", "Bearer not-" + TOKEN);
            request.setCookies(new Cookie(ApiTokenAuthenticationFilter.COOKIE_NAME, TOKEN + "x"));

            assertThat(seenBy(request, new MockHttpServletResponse())).isNull();
            assertThat(ApiTokenAuthenticationFilter.presentsToken(request)).isTrue();
        }

        @Test
        void the_query_parameter_alone_does_not_authenticate() throws Exception {
            MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/status");
            request.setParameter("token", TOKEN);

            assertThat(seenBy(request, new MockHttpServletResponse())).isNull();
        }
    }

    @Nested
    class The_dashboard_cookie {

        @Test
        void opening_the_dashboard_with_the_token_sets_an_http_only_strict_cookie() throws Exception {
            MockHttpServletRequest request = new MockHttpServletRequest("GET", "/");
            request.setParameter("token", TOKEN);
            MockHttpServletResponse response = new MockHttpServletResponse();

            seenBy(request, response);

            assertThat(response.getHeader("Set-Cookie"))
                    .startsWith("puppet_token=" + TOKEN)
                    .contains("HttpOnly", "SameSite=Strict", "Path=/")
                    .doesNotContain("Secure");
        }

        @Test
        void is_secure_over_https_and_absent_for_a_wrong_token() throws Exception {
            MockHttpServletRequest secure = new MockHttpServletRequest("GET", "/");
            secure.setSecure(true);
            secure.setParameter("token", TOKEN);
            MockHttpServletResponse secureResponse = new MockHttpServletResponse();
            MockHttpServletRequest wrong = new MockHttpServletRequest("GET", "/");
            wrong.setParameter("token", "wrong");
            MockHttpServletResponse wrongResponse = new MockHttpServletResponse();

            seenBy(secure, secureResponse);
            seenBy(wrong, wrongResponse);

            assertThat(secureResponse.getHeader("Set-Cookie")).contains("Secure");
            assertThat(wrongResponse.getHeader("Set-Cookie")).isNull();
        }
    }
}
