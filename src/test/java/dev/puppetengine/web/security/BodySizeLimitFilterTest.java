package dev.puppetengine.web.security;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.util.unit.DataSize;

class BodySizeLimitFilterTest {

    private final BodySizeLimitFilter filter = new BodySizeLimitFilter(DataSize.ofBytes(10));

    @Test
    void a_declared_length_over_the_limit_is_a_413_problem_and_closes_the_connection() throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/sandbox/posts") {
            @Override
            public long getContentLengthLong() {
                return 12_582_912;
            }
        };
        MockHttpServletResponse response = new MockHttpServletResponse();
        MockFilterChain chain = new MockFilterChain();

        filter.doFilter(request, response, chain);

        assertThat(response.getStatus()).isEqualTo(413);
        assertThat(response.getContentType()).isEqualTo("application/problem+json");
        assertThat(response.getContentAsString()).contains("puppet.api.max-body-size");
        assertThat(response.getHeader("Connection")).isEqualTo("close");
        assertThat(response.isCommitted()).isTrue();
        assertThat(chain.getRequest()).isNull();
    }

    @Test
    void a_chunked_body_over_the_limit_is_a_413_problem() throws Exception {
        MockHttpServletRequest request = chunked("01234567890");
        MockHttpServletResponse response = new MockHttpServletResponse();
        MockFilterChain chain = new MockFilterChain();

        filter.doFilter(request, response, chain);

        assertThat(response.getStatus()).isEqualTo(413);
        assertThat(chain.getRequest()).isNull();
    }

    @Test
    void a_chunked_body_within_the_limit_is_handed_on_whole() throws Exception {
        MockFilterChain chain = new MockFilterChain();

        filter.doFilter(chunked("0123456789"), new MockHttpServletResponse(), chain);

        ServletRequest handedOn = Objects.requireNonNull(chain.getRequest());
        assertThat(new String(handedOn.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
                .isEqualTo("0123456789");
        assertThat(handedOn.getContentLengthLong()).isEqualTo(10);
    }

    @Test
    void a_buffered_body_can_be_read_asynchronously_too() throws Exception {
        MockFilterChain chain = new MockFilterChain();
        filter.doFilter(chunked("0123456789"), new MockHttpServletResponse(), chain);
        ServletInputStream in = Objects.requireNonNull(chain.getRequest()).getInputStream();
        ByteArrayOutputStream read = new ByteArrayOutputStream();
        List<String> calls = new ArrayList<>();

        in.setReadListener(new ReadListener() {
            @Override
            public void onDataAvailable() throws IOException {
                calls.add("data");
                while (in.isReady() && !in.isFinished()) {
                    read.write(in.read());
                }
            }

            @Override
            public void onAllDataRead() {
                calls.add("all read");
            }

            @Override
            public void onError(Throwable t) {
                calls.add("error: " + t);
            }
        });

        assertThat(calls).containsExactly("data", "all read");
        assertThat(read.toString(StandardCharsets.UTF_8)).isEqualTo("0123456789");
    }

    private static MockHttpServletRequest chunked(String body) {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/sandbox/posts") {
            @Override
            public long getContentLengthLong() {
                return -1;
            }
        };
        request.addHeader("Transfer-Encoding", "chunked");
        request.setContent(body.getBytes(StandardCharsets.UTF_8));
        return request;
    }
}
