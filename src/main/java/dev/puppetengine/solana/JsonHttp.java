package dev.puppetengine.solana;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One JSON exchange with the RPC node or Jupiter: sends, times it ({@code puppet.solana.requests} by service, call
 * and outcome), and maps failures through {@link SolanaErrors}.
 */
final class JsonHttp {

    private final HttpClient http;
    private final JsonMapper json;
    private final MeterRegistry meters;

    JsonHttp(HttpClient http, JsonMapper json, MeterRegistry meters) {
        this.http = http;
        this.json = json;
        this.meters = meters;
    }

    JsonMapper json() {
        return json;
    }

    JsonNode send(String service, String call, HttpRequest request) {
        return exchange(service, call, request).tree();
    }

    /** A response body as received and as parsed: Jupiter's quote goes back to {@code /swap} byte for byte. */
    record Body(String text, JsonNode tree) {}

    Body exchange(String service, String call, HttpRequest request) {
        Timer.Sample sample = Timer.start(meters);
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            stop(sample, service, call, "io_error");
            throw SolanaErrors.fromException(service, call, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stop(sample, service, call, "interrupted");
            throw SolanaErrors.fromException(service, call, e);
        }
        int status = response.statusCode();
        if (status < 200 || status > 299) {
            stop(
                    sample,
                    service,
                    call,
                    status == 429 ? "rate_limited" : status >= 500 ? "server_error" : "client_error");
            throw SolanaErrors.fromStatus(service, call, status, response.body(), response.headers());
        }
        try {
            JsonNode tree = json.readTree(response.body());
            stop(sample, service, call, "ok");
            return new Body(response.body(), tree);
        } catch (JacksonException e) {
            stop(sample, service, call, "bad_body");
            throw SolanaErrors.notJson(service, call);
        }
    }

    private void stop(Timer.Sample sample, String service, String call, String outcome) {
        sample.stop(Timer.builder("puppet.solana.requests")
                .description("Solana RPC and Jupiter requests by call and outcome")
                .tag("service", service)
                .tag("call", call)
                .tag("outcome", outcome)
                .register(meters));
    }
}
