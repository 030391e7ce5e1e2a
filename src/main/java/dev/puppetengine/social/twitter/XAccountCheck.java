package dev.puppetengine.social.twitter;

import dev.puppetengine.persona.PersonaSpec.OAuth1Credentials;
import dev.puppetengine.social.Account;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One signed {@code GET /2/users/me} for {@code ./puppet doctor} and {@code x-login}: whether X accepts the credentials, the account,
 * its access level ({@code x-access-level}: {@code read}, {@code read-write}, ...) and the rate limits the answer
 * shows. Sends nothing else; never puts a secret in a detail.
 */
public final class XAccountCheck {

    private final HttpClient http;
    private final JsonMapper json;
    private final Duration timeout;

    public XAccountCheck(HttpClient http, JsonMapper json, Duration timeout) {
        this.http = http;
        this.json = json;
        this.timeout = timeout;
    }

    /**
     * What X answered: {@code status} 0 when no answer came ({@code detail} says why); {@code account} when it
     * accepted the credentials.
     */
    public record Answer(
            int status,
            @Nullable Account account,
            @Nullable String accessLevel,
            Map<RateLimits.Scope, RateLimits.Window> limits,
            String detail) {}

    /** @param baseUrl the API root without {@code /2} */
    public Answer usersMe(URI baseUrl, OAuth1Credentials credentials) {
        OAuth1Signer signer = new OAuth1Signer(credentials);
        return usersMe(baseUrl, signer::authorization);
    }

    /**
     * @param baseUrl the API root without {@code /2}
     * @param authorization OAuth 1.0a or an OAuth 2.0 user token ({@code Bearer})
     */
    public Answer usersMe(URI baseUrl, XAuthorization authorization) {
        String base = baseUrl.toString();
        URI uri = URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/2/users/me");
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .header("Authorization", authorization.header("GET", uri))
                .header("Accept", "application/json")
                .GET()
                .build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            return new Answer(
                    0,
                    null,
                    null,
                    Map.of(),
                    uri.getHost() + " did not answer: " + e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(0, null, null, Map.of(), "interrupted");
        }
        // only reads the headers: the clock never decides anything here
        RateLimits limits = new RateLimits(Clock.fixed(Instant.EPOCH, ZoneOffset.UTC));
        limits.update(XEndpoint.USERS_ME, response.headers());
        Map<RateLimits.Scope, RateLimits.Window> shown = limits.snapshot().getOrDefault(XEndpoint.USERS_ME, Map.of());
        String level = response.headers().firstValue("x-access-level").orElse(null);
        if (response.statusCode() != 200) {
            String body = response.body().replaceAll("\\s+", " ").strip();
            return new Answer(
                    response.statusCode(),
                    null,
                    level,
                    shown,
                    "users/me answered " + response.statusCode() + (body.isEmpty() ? "" : ": " + shorten(body)));
        }
        try {
            JsonNode data = json.readTree(response.body()).path("data");
            Account account = new Account(
                    data.path("id").asString(""),
                    data.path("username").asString(""),
                    data.path("name").asString(""));
            if (account.id().isEmpty()) {
                return new Answer(200, null, level, shown, "users/me answered without data.id");
            }
            return new Answer(200, account, level, shown, "users/me answered @" + account.username());
        } catch (JacksonException e) {
            return new Answer(200, null, level, shown, "users/me answered with a body that is not JSON");
        }
    }

    private static String shorten(String text) {
        return text.length() <= 200 ? text : text.substring(0, 200) + "…";
    }
}
