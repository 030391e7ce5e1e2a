package dev.puppetengine.social.sandbox;

import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.Response;
import dev.puppetengine.social.twitter.XWireFile;
import dev.puppetengine.social.twitter.XWireViolations;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 * {@code XWireCheck}. Registered by {@code src/test/resources/META-INF/spring/…AutoConfiguration.imports}, so the
 * packaged engine never loads it; not annotated {@code @Configuration}, so the engine's component scan of the test
 * classes does not register it a second time.
 */
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
public class SandboxWireCheck {

    private static final String ENGINE_PORT_ROOT = "/sandbox/x";
    private static final int MAX_BODY = 1 << 20;

    @Bean
    FilterRegistrationBean<WireCheckFilter> sandboxWireCheckFilter() {
        FilterRegistrationBean<WireCheckFilter> registration = new FilterRegistrationBean<>(new WireCheckFilter());
        registration.addUrlPatterns("/2/*", ENGINE_PORT_ROOT + "/2/*");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }

    static final class WireCheckFilter extends OncePerRequestFilter {

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            ContentCachingRequestWrapper cachedRequest = new ContentCachingRequestWrapper(request, MAX_BODY);
            ContentCachingResponseWrapper cachedResponse = new ContentCachingResponseWrapper(response);
            try {
                chain.doFilter(cachedRequest, cachedResponse);
            } finally {
                String query = request.getQueryString();
                URI uri = URI.create(request.getRequestURI() + (query == null ? "" : "?" + query));
                Request checkedRequest = XWireFile.request(
                        request.getMethod(),
                        uri,
                        ENGINE_PORT_ROOT,
                        requestHeaders(request),
                        new String(cachedRequest.getContentAsByteArray(), StandardCharsets.UTF_8));
                int status = cachedResponse.getStatus();
                Response checkedResponse = XWireFile.response(
                        status,
                        responseHeaders(cachedResponse),
                        new String(cachedResponse.getContentAsByteArray(), StandardCharsets.UTF_8));
                XWireViolations.seen(
                        request.getMethod() + " " + uri + " → " + status + " (sandbox)",
                        () -> errors(checkedRequest, checkedResponse, status));
                cachedResponse.copyBodyToResponse();
            }
        }

        private static List<String> errors(Request request, Response response, int status) {
            if (status >= 400) {
                // a refusal: the request may be wrong on purpose, the answer must still be X's
                return XWireFile.responseErrors(request.getPath(), request.getMethod(), response);
            }
            return XWireFile.errors(request, response);
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
