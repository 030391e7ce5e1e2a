package dev.puppetengine.social.twitter;

import dev.puppetengine.shared.ExternalServiceException;
import dev.puppetengine.shared.ExternalServiceException.AuthFailed;
import dev.puppetengine.shared.ExternalServiceException.InvalidRequest;
import dev.puppetengine.shared.ExternalServiceException.TimedOut;
import dev.puppetengine.shared.ExternalServiceException.Unavailable;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * X's OAuth 2.0 token endpoint, {@code POST BASE/2/oauth2/token} with a form body: the authorization-code exchange
 * ({@code grant_type=authorization_code}, {@code code}, {@code redirect_uri}, {@code code_verifier}) and the refresh
 * ({@code grant_type=refresh_token}, {@code refresh_token}). A confidential client authenticates with HTTP Basic
 * ({@code client_id:client_secret}); a public one sends {@code client_id} in the form. The answer is
 * {@code {token_type, expires_in, access_token, scope, refresh_token}}. Errors: X's 400/401 ({@code invalid_grant},
 * {@code invalid_request}, {@code invalid_client}) are {@link AuthFailed} (a human must log in again), 429 and 5xx
 * {@link Unavailable}. Messages carry X's error code, never a token. Neither call is retried: a refresh token works
 * once.
 */
public final class XOAuth2TokenEndpoint {

    static final String SERVICE = "x-oauth2";
    static final String PATH = "/2/oauth2/token";

    private final URI tokenUrl;
    private final String clientId;
    private final String clientSecret;
    private final HttpClient http;
    private final JsonMapper json;
    private final Clock clock;
    private final Duration timeout;

    /** @param baseUrl the X API root without {@code /2} ({@code puppet.x.base-url}) */
    public XOAuth2TokenEndpoint(
            URI baseUrl,
            String clientId,
            String clientSecret,
            HttpClient http,
            JsonMapper json,
            Clock clock,
            Duration timeout) {
        if (clientId.isBlank()) {
            throw new IllegalArgumentException(
                    "an OAuth 2.0 client id is needed (puppet.x.oauth2.client-id, env" + " PUPPET_X_OAUTH2_CLIENTID)");
        }
        String base = baseUrl.toString();
        this.tokenUrl = URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + PATH);
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        this.http = http;
        this.json = json;
        this.clock = clock;
        this.timeout = timeout;
    }

    public String clientId() {
        return clientId;
    }

    /** Exchanges an authorization code (from the callback) for the first token pair. */
    public XOAuth2Token exchange(String code, String codeVerifier, URI redirectUri) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "authorization_code");
        form.put("code", code);
        form.put("redirect_uri", redirectUri.toString());
        form.put("code_verifier", codeVerifier);
        return call(form, null, "the authorization code");
    }

    /**
     * Trades {@code refreshToken} for a new pair. X retires the old refresh token as it answers: store the answer
     * before anything else. When X answers without a refresh token, the old one is kept.
     */
    public XOAuth2Token refresh(String refreshToken) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "refresh_token");
        form.put("refresh_token", refreshToken);
        return call(form, refreshToken, "the refresh token");
    }

    private XOAuth2Token call(Map<String, String> form, @Nullable String previousRefresh, String what) {
        if (clientSecret.isEmpty()) {
            form.put("client_id", clientId);
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(tokenUrl)
                .timeout(timeout)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(formBody(form), StandardCharsets.UTF_8));
        if (!clientSecret.isEmpty()) {
            String basic = Base64.getEncoder()
                    .encodeToString((clientId + ":" + clientSecret).getBytes(StandardCharsets.UTF_8));
            request.header("Authorization", "Basic " + basic);
        }
        Instant sent = clock.instant();
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (HttpTimeoutException e) {
            throw new TimedOut(SERVICE, "the token endpoint did not answer within " + timeout, e);
        } catch (IOException e) {
            throw new Unavailable(
                    SERVICE,
                    "the token endpoint is unreachable: " + e.getClass().getSimpleName(),
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unavailable(SERVICE, "interrupted while calling the token endpoint", e);
        }
        int status = response.statusCode();
        JsonNode body = parse(response.body());
        if (status < 200 || status > 299) {
            throw failure(status, body, what);
        }
        String tokenType = body.path("token_type").asString("");
        String accessToken = body.path("access_token").asString("");
        if (!tokenType.equalsIgnoreCase("bearer") || accessToken.isEmpty()) {
            throw new Unavailable(SERVICE, "the token endpoint answered without a bearer access_token", null);
        }
        long expiresIn = body.path("expires_in").asLong(0);
        if (expiresIn <= 0) {
            throw new Unavailable(SERVICE, "the token endpoint answered without expires_in", null);
        }
        String refresh = body.path("refresh_token").asString("");
        return new XOAuth2Token(
                accessToken,
                refresh.isEmpty() ? previousRefresh : refresh,
                sent.plusSeconds(expiresIn),
                body.path("scope").asString(""));
    }

    private ExternalServiceException failure(int status, JsonNode body, String what) {
        String error = body.path("error").asString("");
        String code = error.matches("[a-z_]{1,40}") ? error : "status " + status;
        if (status == 429 || status >= 500) {
            return new Unavailable(SERVICE, "the token endpoint answered " + status + " (" + code + ")", null);
        }
        if (status == 400 || status == 401 || status == 403) {
            return new AuthFailed(
                    SERVICE, "X refused " + what + " (" + code + "): run ./puppet x-login PERSONA again", null);
        }
        return new InvalidRequest(SERVICE, "the token endpoint answered " + status + " (" + code + ")", null);
    }

    private JsonNode parse(String body) {
        try {
            return json.readTree(body.isBlank() ? "{}" : body);
        } catch (JacksonException e) {
            return json.createObjectNode();
        }
    }

    private static String formBody(Map<String, String> form) {
        return form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    @Override
    public String toString() {
        return "XOAuth2TokenEndpoint[" + tokenUrl + ", client " + clientId + "]";
    }
}
