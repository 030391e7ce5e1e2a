package dev.puppetengine.social.twitter;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.extension.Parameters;
import com.github.tomakehurst.wiremock.extension.ServeEventListener;
import com.github.tomakehurst.wiremock.http.HttpHeader;
import com.github.tomakehurst.wiremock.http.HttpHeaders;
import com.github.tomakehurst.wiremock.http.LoggedResponse;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The one way to stand X up on WireMock in a test: every request the server receives and every answer it gives is
 * checked against the wire file ({@link XWireFile}) before the answer leaves, and what does not match fails the
 * running test ({@link XWireCheck}). {@code XStubGuardTest} refuses a WireMock server that speaks X without it. The
 * OAuth 2.0 token endpoint ({@value XOAuth2TokenEndpoint#PATH}) is not in the wire file (X documents it apart), so
 * its exchanges are the only ones not checked.
 */
public final class XStub {

    /** The sandbox X API's root on the engine's own port, which a stub may stand in for. */
    private static final String ENGINE_PORT_ROOT = "/sandbox/x";

    private XStub() {}

    /** WireMock's options on a free port, with the check; add to them as for any WireMock server. */
    public static WireMockConfiguration options() {
        return WireMockConfiguration.options().dynamicPort().extensions(new WireCheck());
    }

    /** A checked stand-in for X on a free port, not yet started. */
    public static WireMockServer server() {
        return new WireMockServer(options());
    }

    /** The token endpoint is not in the wire file; a fault (a dropped connection) sends no answer to check. */
    static boolean unchecked(ServeEvent event) {
        LoggedResponse response = event.getResponse();
        return URI.create(event.getRequest().getAbsoluteUrl()).getRawPath().equals(XOAuth2TokenEndpoint.PATH)
                || response == null
                || response.getFault() != null;
    }

    /** The errors of one served exchange, empty when it matches the wire file. */
    static List<String> errors(ServeEvent event) {
        LoggedRequest request = event.getRequest();
        LoggedResponse response = event.getResponse();
        URI uri = URI.create(request.getAbsoluteUrl());
        return XWireFile.errors(
                XWireFile.request(
                        request.getMethod().value(),
                        uri,
                        ENGINE_PORT_ROOT,
                        headers(request.getHeaders()),
                        request.getBodyAsString()),
                XWireFile.response(response.getStatus(), headers(response.getHeaders()), response.getBodyAsString()));
    }

    /** WireMock logs an answer without headers with {@code null} ones. */
    private static Map<String, List<String>> headers(@Nullable HttpHeaders headers) {
        Map<String, List<String>> all = new LinkedHashMap<>();
        if (headers == null) {
            return all;
        }
        for (HttpHeader header : headers.all()) {
            all.put(header.key(), header.values());
        }
        return all;
    }

    /**
     * Hands each exchange to the check before the answer is sent, so the test cannot end first; the check runs after
     * the test, not here, so no answer is slowed.
     */
    private static final class WireCheck implements ServeEventListener {

        @Override
        public String getName() {
            return "x-wire-check";
        }

        @Override
        public void beforeResponseSent(ServeEvent event, Parameters parameters) {
            if (unchecked(event)) {
                return;
            }
            LoggedRequest request = event.getRequest();
            XWireViolations.seen(
                    request.getMethod() + " " + request.getUrl() + " → "
                            + event.getResponse().getStatus(),
                    () -> errors(event));
        }
    }
}
