package dev.puppetengine.web.security;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

class AllowedHostFilterTest {

    private final AllowedHostFilter filter = new AllowedHostFilter(List.of("puppet.example.test"));

    @Nested
    class Host_names {

        @ParameterizedTest(name = "{0} -> {1}")
        @CsvSource({
            "localhost:8080, localhost",
            "LocalHost, localhost",
            "127.0.0.1:8080, 127.0.0.1",
            "[::1]:8080, [::1]",
            "[::1], [::1]",
            "::1, [::1]",
            "puppet.example.test:443, puppet.example.test"
        })
        void drop_the_port_and_case(String header, String host) {
            assertThat(AllowedHostFilter.hostName(header)).isEqualTo(host);
        }

        @ParameterizedTest(name = "{0} loopback: {1}")
        @CsvSource({
            "localhost, true",
            "127.0.0.1, true",
            "127.255.255.254, true",
            "[::1], true",
            "[0:0:0:0:0:0:0:1], true",
            "127.0.0.256, false",
            "127.0.0.1.evil.example, false",
            "localhost.evil.example, false",
            "128.0.0.1, false",
            "0.0.0.0, false",
            "evil.example, false"
        })
        void loopback_is_localhost_127_slash_8_and_ipv6_one(String host, boolean loopback) {
            assertThat(AllowedHostFilter.isLoopback(host)).isEqualTo(loopback);
        }
    }

    @Test
    void a_foreign_host_gets_a_421_problem_naming_the_setting() throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/");
        request.addHeader("Host", "evil.example");
        request.setServerName("evil.example");
        MockHttpServletResponse response = new MockHttpServletResponse();
        MockFilterChain chain = new MockFilterChain();

        filter.doFilter(request, response, chain);

        assertThat(response.getStatus()).isEqualTo(421);
        assertThat(response.getContentType()).isEqualTo("application/problem+json");
        assertThat(response.getContentAsString()).contains("puppet.allowed-hosts", "PUPPET_ALLOWEDHOSTS");
        assertThat(chain.getRequest()).isNull();
    }

    @Test
    void a_configured_host_passes() throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/");
        request.addHeader("Host", "Puppet.Example.Test:443");
        request.setServerName("puppet.example.test");
        MockFilterChain chain = new MockFilterChain();

        filter.doFilter(request, new MockHttpServletResponse(), chain);

        assertThat(chain.getRequest()).isSameAs(request);
    }

    @Test
    void a_forwarded_host_must_be_allowed_too() throws Exception {
        MockHttpServletRequest sent = new MockHttpServletRequest("GET", "/");
        sent.addHeader("Host", "127.0.0.1:8080");
        HttpServletRequest forwarded = new HttpServletRequestWrapper(sent) {
            @Override
            public String getServerName() {
                return "evil.example";
            }
        };
        MockHttpServletResponse response = new MockHttpServletResponse();

        filter.doFilter(forwarded, response, new MockFilterChain());

        assertThat(response.getStatus()).isEqualTo(421);
    }
}
