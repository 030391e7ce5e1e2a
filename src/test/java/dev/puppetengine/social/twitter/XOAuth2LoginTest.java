package dev.puppetengine.social.twitter;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.puppetengine.persona.PersonaId;
import dev.puppetengine.shared.SettableClock;
import dev.puppetengine.shared.TestDatabase;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * The x-login flow against a WireMock token endpoint: the test plays the browser, calling the callback URL with the
 * code and state X would redirect with.
 */
class XOAuth2LoginTest {

    private static final Instant START = Instant.parse("2026-12-01T10:00:00Z");
    private static final PersonaId ADA = PersonaId.of("ada");
    private static final HttpClient BROWSER = HttpClient.newHttpClient();

    private final SettableClock clock = new SettableClock(START);
    private final JdbcXOAuth2TokenStore store = new JdbcXOAuth2TokenStore(
            JdbcClient.create(TestDatabase.inMemory()), TokenCipher.withKey(new byte[32]), clock);
    private WireMockServer x;
    private XOAuth2Login login;

    @BeforeEach
    void start() {
        x = XStub.server();
        x.start();
        XTokenEndpointStub.stubRotations(x, 1);
        XTokenEndpointStub.stubExchange(x, "the-code");
        XOAuth2TokenEndpoint endpoint = new XOAuth2TokenEndpoint(
                URI.create(x.baseUrl()),
                "client-1",
                "",
                HttpClient.newHttpClient(),
                JsonMapper.shared(),
                clock,
                Duration.ofSeconds(10));
        login = new XOAuth2Login(XOAuth2Properties.defaults("client-1", ""), endpoint, store);
    }

    @AfterEach
    void stop() {
        x.stop();
    }

    static Map<String, String> query(URI uri) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String pair : uri.getRawQuery().split("&")) {
            String[] kv = pair.split("=", 2);
            values.put(kv[0], URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
        }
        return values;
    }

    static HttpResponse<String> redirect(URI callback, String query) throws Exception {
        return BROWSER.send(
                HttpRequest.newBuilder(URI.create(callback + "?" + query)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    @Test
    void asks_x_for_the_scopes_with_pkce_s256_and_a_random_state() throws Exception {
        try (XOAuth2Login.Pending first = login.begin(ADA, 0);
                XOAuth2Login.Pending second = login.begin(ADA, 0)) {
            URI url = first.authorizeUrl();
            Map<String, String> query = query(url);

            assertThat(url.toString()).startsWith("https://x.com/i/oauth2/authorize?");
            assertThat(url.getRawQuery()).contains("scope=tweet.read%20tweet.write%20users.read%20like.write");
            assertThat(query)
                    .containsEntry("response_type", "code")
                    .containsEntry("client_id", "client-1")
                    .containsEntry("redirect_uri", first.redirectUri().toString())
                    .containsEntry("scope", "tweet.read tweet.write users.read like.write offline.access")
                    .containsEntry("code_challenge_method", "S256");
            assertThat(query.get("state")).hasSizeGreaterThanOrEqualTo(32);
            assertThat(query.get("code_challenge")).matches("[A-Za-z0-9_-]{43}");
            assertThat(first.redirectUri().toString()).matches("http://127\\.0\\.0\\.1:\\d+/callback");
            Map<String, String> other = query(second.authorizeUrl());
            assertThat(other.get("state")).isNotEqualTo(query.get("state"));
            assertThat(other.get("code_challenge")).isNotEqualTo(query.get("code_challenge"));
        }
    }

    @Test
    void refuses_a_callback_with_another_state_then_exchanges_the_right_one_with_the_verifier() throws Exception {
        try (XOAuth2Login.Pending pending = login.begin(ADA, 0)) {
            Map<String, String> authorize = query(pending.authorizeUrl());
            String state = authorize.getOrDefault("state", "");

            HttpResponse<String> forged = redirect(pending.redirectUri(), "state=forged&code=the-code");
            assertThat(forged.statusCode()).isEqualTo(400);
            assertThat(forged.body()).contains("state does not match");
            assertThat(redirect(pending.redirectUri(), "code=the-code").statusCode())
                    .isEqualTo(400);
            x.verify(0, postRequestedFor(urlPathEqualTo(XOAuth2TokenEndpoint.PATH)));
            assertThat(store.find(ADA)).isEmpty();

            HttpResponse<String> real = redirect(pending.redirectUri(), "state=" + encode(state) + "&code=the-code");
            assertThat(real.statusCode()).isEqualTo(200);
            assertThat(real.body()).contains("logged in").doesNotContain("access-0");
            XOAuth2Token token = pending.await(Duration.ofSeconds(30));

            assertThat(token.accessToken()).isEqualTo("access-0");
            List<LoggedRequest> exchanges = x.findAll(postRequestedFor(urlPathEqualTo(XOAuth2TokenEndpoint.PATH))
                    .withFormParam("grant_type", equalTo("authorization_code"))
                    .withFormParam("code", equalTo("the-code"))
                    .withFormParam("client_id", equalTo("client-1"))
                    .withFormParam("redirect_uri", equalTo(pending.redirectUri().toString())));
            assertThat(exchanges).hasSize(1);
            String verifier = exchanges
                    .getFirst()
                    .formParameter("code_verifier")
                    .getValues()
                    .getFirst();
            assertThat(verifier).matches("[A-Za-z0-9_-]{43,128}");
            assertThat(XOAuth2Login.challenge(verifier)).isEqualTo(authorize.get("code_challenge"));
            JdbcXOAuth2TokenStore.Stored stored = store.find(ADA).orElseThrow();
            assertThat(stored.clientId()).isEqualTo("client-1");
            assertThat(stored.active().refreshToken()).isEqualTo("refresh-0");
            assertThat(stored.active().expiresAt()).isEqualTo(START.plusSeconds(7200));
            assertThat(redirect(pending.redirectUri(), "state=" + encode(state) + "&code=the-code")
                            .statusCode())
                    .isEqualTo(409);
        }
    }

    @Test
    void a_denied_authorization_fails_the_login_and_stores_nothing() throws Exception {
        try (XOAuth2Login.Pending pending = login.begin(ADA, 0)) {
            String state = query(pending.authorizeUrl()).getOrDefault("state", "");

            assertThat(redirect(pending.redirectUri(), "error=access_denied&state=" + encode(state))
                            .statusCode())
                    .isEqualTo(400);

            assertThatThrownBy(() -> pending.await(Duration.ofSeconds(30)))
                    .isInstanceOf(XOAuth2Login.LoginFailed.class)
                    .hasMessageContaining("access_denied");
            assertThat(store.find(ADA)).isEmpty();
        }
    }

    @Test
    void a_code_x_refuses_fails_the_login() throws Exception {
        try (XOAuth2Login.Pending pending = login.begin(ADA, 0)) {
            String state = query(pending.authorizeUrl()).getOrDefault("state", "");

            assertThat(redirect(pending.redirectUri(), "state=" + encode(state) + "&code=expired-code")
                            .statusCode())
                    .isEqualTo(502);

            assertThatThrownBy(() -> pending.await(Duration.ofSeconds(30)))
                    .isInstanceOf(XOAuth2Login.LoginFailed.class)
                    .hasMessageContaining("invalid_request");
            assertThat(store.find(ADA)).isEmpty();
        }
    }

    @Test
    void gives_up_when_no_callback_comes() throws Exception {
        try (XOAuth2Login.Pending pending = login.begin(ADA, 0)) {
            assertThatThrownBy(() -> pending.await(Duration.ofMillis(1))).isInstanceOf(TimeoutException.class);
        }
    }
}
