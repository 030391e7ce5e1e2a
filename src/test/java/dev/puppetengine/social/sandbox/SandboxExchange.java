package dev.puppetengine.social.sandbox;

import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.Response;
import dev.puppetengine.social.twitter.XWireFile;
import dev.puppetengine.social.twitter.XWireViolations;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Test-only: one exchange with the sandbox X API as {@link SandboxWireCheck} saw it, what was asked and what was
 * answered. In a test's own JVM it is {@linkplain #report() reported} at once; an engine started as a child process
 * by the tests (with {@code -D}{@value #LOG_PROPERTY}{@code =FILE}) appends it to a file as a JSON line instead, and
 * the test reads the file back with {@link #reportAll(Path, long)}, so the packaged engine's traffic is checked
 * against the wire file too.
 */
public record SandboxExchange(
        String method,
        String uri,
        Map<String, List<String>> requestHeaders,
        String requestBody,
        int status,
        Map<String, List<String>> responseHeaders,
        String responseBody) {

    /** The system property naming the file an engine in a child process appends its exchanges to. */
    public static final String LOG_PROPERTY = "puppet.test.x-exchanges";

    static final String ENGINE_PORT_ROOT = "/sandbox/x";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** Hands the exchange to {@link XWireViolations}, which checks it on the test's thread after the test. */
    public void report() {
        XWireViolations.seen(method + " " + uri + " → " + status + " (sandbox)", this::errors);
    }

    private List<String> errors() {
        Request request = XWireFile.request(method, URI.create(uri), ENGINE_PORT_ROOT, requestHeaders, requestBody);
        Response response = XWireFile.response(status, responseHeaders, responseBody);
        if (status >= 400) {
            // a refusal: the request may be wrong on purpose, the answer must still be X's
            return XWireFile.responseErrors(request.getPath(), request.getMethod(), response);
        }
        return XWireFile.errors(request, response);
    }

    /** Appends the exchange to {@code file} as one JSON line (whole lines: one writer at a time). */
    void appendTo(Path file) {
        byte[] line = (JSON.writeValueAsString(this) + "\n").getBytes(StandardCharsets.UTF_8);
        synchronized (SandboxExchange.class) {
            try {
                Files.write(file, line, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /**
     * Reports the exchanges {@code file} holds from byte {@code from} on and returns where it stopped: after the last
     * whole line (a process killed mid-write leaves a torn last line, which is left for no one). A missing file holds
     * none.
     */
    public static long reportAll(Path file, long from) {
        if (!Files.exists(file)) {
            return from;
        }
        byte[] all;
        try {
            all = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int start = (int) Math.min(from, all.length);
        int end = start;
        for (int i = start; i < all.length; i++) {
            if (all[i] == '\n') {
                String line = new String(all, end, i - end, StandardCharsets.UTF_8);
                end = i + 1;
                try {
                    JSON.readValue(line, SandboxExchange.class).report();
                } catch (JacksonException e) {
                    XWireViolations.seen("a line of " + file, () -> List.of("not an exchange: " + e.getMessage()));
                }
            }
        }
        return end;
    }
}
