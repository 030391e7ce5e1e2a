package dev.puppetengine.web.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.puppetengine.web.security.ApiTokenAuthentication.Source;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.core.context.SecurityContextHolder;

class SameOriginCookieWritesTest {

    @AfterEach
    void clear() {
        SecurityContextHolder.clearContext();
    }

    private static MockHttpServletRequest post(Map<String, String> headers) {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/sandbox/posts");
        request.setScheme("http");
        request.setServerName("127.0.0.1");
        request.setServerPort(8080);
        request.addHeader("Host", "127.0.0.1:8080");
        headers.forEach(request::addHeader);
        return request;
    }

    @ParameterizedTest(name = "Origin {0}, Sec-Fetch-Site {1}: {2}")
    @CsvSource(
            nullValues = "-",
            value = {
                "http://127.0.0.1:8080, same-origin, true",
                "http://127.0.0.1:8080, -, true",
                "-, same-origin, true",
                "http://127.0.0.1:3000, same-site, false",
                "http://127.0.0.1:3000, -, false",
                "http://evil.example, cross-site, false",
                "-, cross-site, false",
                "-, same-site, false",
                "null, -, false",
                "https://127.0.0.1:8080, -, false",
                "http://localhost:8080, -, false",
                "-, -, false"
            })
    void a_write_is_same_origin_only_when_the_browser_says_so(String origin, String fetchSite, boolean sameOrigin) {
        MockHttpServletRequest request = post(Map.of());
        if (origin != null) {
            request.addHeader("Origin", origin);
        }
        if (fetchSite != null) {
            request.addHeader("Sec-Fetch-Site", fetchSite);
        }

        assertThat(SameOriginCookieWrites.isSameOrigin(request)).isEqualTo(sameOrigin);
    }

    @Test
    void a_cross_site_cookie_write_is_a_403_problem() throws Exception {
        authenticatedBy(Source.COOKIE);
        MockHttpServletResponse response = new MockHttpServletResponse();
        MockFilterChain chain = new MockFilterChain();

        new SameOriginCookieWrites().doFilter(post(Map.of("Origin", "http://evil.example")), response, chain);

        assertThat(response.getStatus()).isEqualTo(403);
        assertThat(response.getContentType()).isEqualTo("application/problem+json");
        assertThat(chain.getRequest()).isNull();
    }

    @Test
    void a_bearer_write_and_a_cookie_read_pass_from_anywhere() throws Exception {
        authenticatedBy(Source.BEARER);
        MockFilterChain bearerChain = new MockFilterChain();
        new SameOriginCookieWrites()
                .doFilter(post(Map.of("Origin", "http://evil.example")), new MockHttpServletResponse(), bearerChain);

        authenticatedBy(Source.COOKIE);
        MockHttpServletRequest read = new MockHttpServletRequest("GET", "/api/status");
        read.addHeader("Origin", "http://evil.example");
        MockFilterChain readChain = new MockFilterChain();
        new SameOriginCookieWrites().doFilter(read, new MockHttpServletResponse(), readChain);

        assertThat(bearerChain.getRequest()).isNotNull();
        assertThat(readChain.getRequest()).isNotNull();
    }

    private static void authenticatedBy(Source source) {
        var context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(ApiTokenAuthentication.operator(source));
        SecurityContextHolder.setContext(context);
    }
}
