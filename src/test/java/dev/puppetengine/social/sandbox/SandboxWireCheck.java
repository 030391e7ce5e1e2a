package dev.puppetengine.social.sandbox;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingRequestWrapper;
import org.springframework.web.util.ContentCachingResponseWrapper;

/**
 * Test-only: in every Spring test that runs the engine, the sandbox X API's answers ({@code /2/…} on its port,
 * {@code /sandbox/x/2/…} on the engine's) are checked against the wire file, and so is each request it accepted
 * (X would have refused one the file does not allow). Found errors fail the running test through
 * {@code XWireCheck}; in an engine the tests start as a child process, they go to the file {@link SandboxExchange}
 * names, for the test to check. Registered by {@code src/test/resources/META-INF/spring/…AutoConfiguration.imports}, so the
 * packaged engine never loads it; not annotated {@code @Configuration}, so the engine's component scan of the test
 * classes does not register it a second time.
 */
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
public class SandboxWireCheck {

    private static final int MAX_BODY = 1 << 20;

    @Bean
    FilterRegistrationBean<WireCheckFilter> sandboxWireCheckFilter() {
        FilterRegistrationBean<WireCheckFilter> registration = new FilterRegistrationBean<>(new WireCheckFilter());
        registration.addUrlPatterns("/2/*", SandboxExchange.ENGINE_PORT_ROOT + "/2/*");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }

    static final class WireCheckFilter extends OncePerRequestFilter {

        private final @Nullable Path log = logFile();

        private static @Nullable Path logFile() {
            String file = System.getProperty(SandboxExchange.LOG_PROPERTY);
            return file == null || file.isBlank() ? null : Path.of(file);
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            ContentCachingRequestWrapper cachedRequest = new ContentCachingRequestWrapper(request, MAX_BODY);
            ContentCachingResponseWrapper cachedResponse = new ContentCachingResponseWrapper(response);
            try {
                chain.doFilter(cachedRequest, cachedResponse);
            } finally {
                String query = request.getQueryString();
                var exchange = new SandboxExchange(
                        request.getMethod(),
                        request.getRequestURI() + (query == null ? "" : "?" + query),
                        requestHeaders(request),
                        new String(cachedRequest.getContentAsByteArray(), StandardCharsets.UTF_8),
                        cachedResponse.getStatus(),
                        responseHeaders(cachedResponse),
                        new String(cachedResponse.getContentAsByteArray(), StandardCharsets.UTF_8));
                if (log != null) {
                    exchange.appendTo(log);
                } else {
                    exchange.report();
                }
                cachedResponse.copyBodyToResponse();
            }
        }

        private static Map<String, List<String>> requestHeaders(HttpServletRequest request) {
            Map<String, List<String>> headers = new LinkedHashMap<>();
            for (String name : Collections.list(request.getHeaderNames())) {
                headers.put(name, Collections.list(request.getHeaders(name)));
            }
            return headers;
        }

        private static Map<String, List<String>> responseHeaders(HttpServletResponse response) {
            Map<String, List<String>> headers = new LinkedHashMap<>();
            for (String name : response.getHeaderNames()) {
                headers.put(name, new ArrayList<>(response.getHeaders(name)));
            }
            if (response.getContentType() != null) {
                headers.put("Content-Type", List.of(response.getContentType()));
            }
            return headers;
        }
    }
}
