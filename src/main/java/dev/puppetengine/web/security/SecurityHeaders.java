package dev.puppetengine.web.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import org.springframework.security.web.header.HeaderWriter;
import org.springframework.security.web.header.writers.ContentSecurityPolicyHeaderWriter;
import org.springframework.security.web.header.writers.DelegatingRequestMatcherHeaderWriter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;
import org.springframework.security.web.header.writers.StaticHeadersWriter;
import org.springframework.security.web.header.writers.XContentTypeOptionsHeaderWriter;
import org.springframework.security.web.header.writers.frameoptions.XFrameOptionsHeaderWriter;
import org.springframework.security.web.header.writers.frameoptions.XFrameOptionsHeaderWriter.XFrameOptionsMode;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;

/**
 * The headers on every response: no MIME sniffing, no framing (clickjacking), no referrer, a Content Security Policy
 * that allows only the dashboard's own script, style and API (no inline script, no {@code eval}), and
 * {@code Cache-Control: no-store} on the API and the actuator.
 */
final class SecurityHeaders {

    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self';"
            + " img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self';"
            + " frame-ancestors 'none'";

    static final List<HeaderWriter> WRITERS = List.of(
            new XContentTypeOptionsHeaderWriter(),
            new XFrameOptionsHeaderWriter(XFrameOptionsMode.DENY),
            new ContentSecurityPolicyHeaderWriter(CONTENT_SECURITY_POLICY),
            new ReferrerPolicyHeaderWriter(ReferrerPolicy.NO_REFERRER),
            new DelegatingRequestMatcherHeaderWriter(
                    new OrRequestMatcher(
                            PathPatternRequestMatcher.withDefaults().matcher("/api/**"),
                            PathPatternRequestMatcher.withDefaults().matcher("/actuator/**")),
                    new StaticHeadersWriter("Cache-Control", "no-store")));

    private SecurityHeaders() {}

    /** For answers written before the filter chain runs (the firewall's refusals). */
    static void writeTo(HttpServletRequest request, HttpServletResponse response) {
        WRITERS.forEach(writer -> writer.writeHeaders(request, response));
    }
}
