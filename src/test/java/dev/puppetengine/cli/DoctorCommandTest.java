package dev.puppetengine.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.puppetengine.persona.PersonaId;
import dev.puppetengine.shared.DatabaseUrlDefaults;
import dev.puppetengine.social.twitter.JdbcXOAuth2TokenStore;
import dev.puppetengine.social.twitter.TokenCipher;
import dev.puppetengine.social.twitter.XOAuth2Token;
import dev.puppetengine.social.twitter.XStub;
import dev.puppetengine.social.twitter.XTokenEndpointStub;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.h2.jdbcx.JdbcDataSource;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;
import picocli.CommandLine;

class DoctorCommandTest {

    @TempDir
    Path config;

    @TempDir
    Path dataDir;

    private WireMockServer x;
    private final StringWriter out = new StringWriter();

    @BeforeEach
    void start() {
        x = XStub.server();
        x.start();
        stubMe(
                "ada-token",
                200,
                "{\"data\":{\"id\":\"100\",\"name\":\"Ada\",\"username\":\"ada_live\"}}",
                "read-write");
        stubMe("default-token", 200, "{\"data\":{\"id\":\"200\",\"name\":\"Bo\",\"username\":\"bo_live\"}}", "read");
        stubMe(
                "bad-token",
                401,
                "{\"title\":\"Unauthorized\",\"type\":\"about:blank\",\"status\":401,\"detail\":\"Unauthorized\"}",
                null);
    }

    @AfterEach
    void stop() {
        x.stop();
    }

    private void stubMe(String token, int status, String body, @Nullable String accessLevel) {
        var response = aResponse()
                .withStatus(status)
                .withHeader("Content-Type", status == 200 ? "application/json" : "application/problem+json")
                .withHeader("x-rate-limit-limit", "75")
                .withHeader("x-rate-limit-remaining", "74")
                .withHeader("x-rate-limit-reset", "4102444800")
                .withBody(body);
        if (accessLevel != null) {
            response = response.withHeader("x-access-level", accessLevel);
        }
        x.stubFor(get(urlPathEqualTo("/2/users/me"))
                .withHeader("Authorization", matching(".*oauth_token=\"" + token + "\".*"))
                .willReturn(response));
    }

    private void persona(String id, @Nullable String token) throws IOException {
        String credentials = token == null
                ? ""
                : ", \"twitter_credentials\": {\"apiKey\": \"k\", \"apiKeySecret\": \"ks-secret\", \"accessToken\": \""
                        + token + "\", \"accessTokenSecret\": \"ts-secret\"}";
        Files.writeString(config.resolve(id + ".json"), "{\"id\": \"" + id + "\"" + credentials + "}");
    }

    private int doctor(String... settings) {
        DoctorCommand command = new DoctorCommand();
        List<String> arguments = new ArrayList<>(
                List.of("--puppet.x.base-url=" + x.baseUrl(), "--puppet.data-dir=" + dataDir.toAbsolutePath()));
        arguments.addAll(List.of(settings));
        command.springArguments = arguments;
        CommandLine line = new CommandLine(command);
        line.setOut(new PrintWriter(out, true));
        return line.execute("--config", config.toString());
    }

    @Test
    void a_persona_with_valid_read_write_credentials_and_the_acknowledgements_is_ready() throws IOException {
        persona("ada", "ada-token");

        int exit = doctor("--puppet.x.ai-replies-approved=true", "--puppet.x.automation-label-acknowledged=true");

        assertThat(out.toString())
                .contains("ada: credentials: ok OAuth 1.0a from the persona file")
                .contains("ada: account: ok users/me answered @ada_live")
                .contains("ada: write access: ok x-access-level read-write")
                .contains("ada: ai replies: ok")
                .contains("ada: rate limits: ok users/me fifteen-minutes 74 of 75 left")
                .contains("ada: ready")
                .contains("1 persona(s): 1 ready, 0 not ready")
                .doesNotContain("ks-secret", "ts-secret");
        assertThat(exit).isZero();
    }

    @Test
    void says_what_is_missing_and_exits_1() throws IOException {
        persona("ada", "bad-token");
        persona("bo", null);
        persona("cy", null);

        int exit = doctor(
                "--TWITTER_API_KEY=dk",
                "--TWITTER_API_KEY_SECRET=dks",
                "--TWITTER_ACCESS_TOKEN=default-token",
                "--TWITTER_ACCESS_TOKEN_SECRET=dts");

        assertThat(out.toString())
                .contains("ada: account: FAIL users/me answered 401")
                .contains("(X refused the credentials)")
                .contains("bo: credentials: ok OAuth 1.0a from the default account")
                .contains("bo: account: ok users/me answered @bo_live")
                .contains("bo: write access: FAIL x-access-level read")
                .contains("ai replies: warn not approved: replies are held")
                .contains("automation label: FAIL")
                .contains("ada: NOT READY")
                .contains("3 persona(s): 0 ready, 3 not ready")
                .doesNotContain("dks", "dts");
        x.verify(
                2,
                getRequestedFor(urlPathEqualTo("/2/users/me"))
                        .withHeader("Authorization", matching(".*oauth_token=\"default-token\".*")));
        assertThat(exit).isEqualTo(1);
    }

    @Test
    void a_persona_without_any_credentials_is_not_ready() throws IOException {
        persona("cy", null);

        int exit = doctor("--puppet.x.automation-label-acknowledged=true");

        assertThat(out.toString())
                .contains(
                        "cy: credentials: FAIL persona 'cy' has no twitter_credentials in its file, no OAuth 2.0 token"
                                + " (./puppet x-login cy) and no default account is set")
                .contains("cy: NOT READY");
        assertThat(exit).isEqualTo(1);
    }

    @Nested
    class With_an_x_login_token {

        private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");

        /** What {@code x-login} stored for {@code dee}: a pair that expires at {@code expiresAt}. */
        private JdbcXOAuth2TokenStore stored(Instant expiresAt) throws IOException {
            persona("dee", null);
            JdbcXOAuth2TokenStore store = new JdbcXOAuth2TokenStore(
                    JdbcClient.create(engineDatabase()),
                    TokenCipher.load("", dataDir),
                    Clock.fixed(NOW, ZoneOffset.UTC));
            org.flywaydb.core.Flyway.configure()
                    .dataSource(engineDatabase())
                    .locations("classpath:db/migration")
                    .load()
                    .migrate();
            store.save(
                    PersonaId.of("dee"),
                    "client-1",
                    new XOAuth2Token("access-0", "refresh-0", expiresAt, XTokenEndpointStub.SCOPE));
            return store;
        }

        private javax.sql.DataSource engineDatabase() {
            JdbcDataSource database = new JdbcDataSource();
            database.setURL(DatabaseUrlDefaults.h2Url(dataDir));
            return database;
        }

        private void stubBearer(String accessToken) {
            x.stubFor(get(urlPathEqualTo("/2/users/me"))
                    .withHeader("Authorization", equalTo("Bearer " + accessToken))
                    .willReturn(aResponse()
                            .withStatus(200)
                            .withHeader("Content-Type", "application/json")
                            .withHeader("x-rate-limit-limit", "75")
                            .withHeader("x-rate-limit-remaining", "74")
                            .withHeader("x-rate-limit-reset", "4102444800")
                            .withBody("{\"data\":{\"id\":\"400\",\"name\":\"Dee\",\"username\":\"dee_live\"}}")));
        }

        @Test
        void checks_the_account_with_the_refreshed_bearer_token_and_stores_the_rotated_pair() throws IOException {
            JdbcXOAuth2TokenStore store = stored(Instant.EPOCH);
            XTokenEndpointStub.stubRotations(x, 1);
            stubBearer("access-1");

            int exit = doctor(
                    "--puppet.x.oauth2.client-id=client-1",
                    "--puppet.x.ai-replies-approved=true",
                    "--puppet.x.automation-label-acknowledged=true");

            assertThat(out.toString())
                    .contains("dee: credentials: ok OAuth 2.0 user token from the OAuth 2.0 token stored by"
                            + " ./puppet x-login")
                    .contains("dee: account: ok users/me answered @dee_live")
                    .contains("dee: write access: ok token scope includes tweet.write")
                    .contains("dee: rate limits: ok users/me fifteen-minutes 74 of 75 left")
                    .contains("dee: ready")
                    .doesNotContain("access-0", "access-1", "refresh-0", "refresh-1");
            assertThat(store.find(PersonaId.of("dee")).orElseThrow().active().refreshToken())
                    .isEqualTo("refresh-1");
            x.verify(1, getRequestedFor(urlPathEqualTo("/2/users/me")));
            assertThat(exit).isZero();
        }

        @Test
        void a_token_x_no_longer_refreshes_is_not_ready_and_says_to_log_in_again() throws IOException {
            stored(Instant.EPOCH);
            XTokenEndpointStub.stubRotations(x, 0);

            int exit = doctor("--puppet.x.oauth2.client-id=client-1");

            assertThat(out.toString())
                    .contains("dee: account: FAIL no usable access token")
                    .contains("run ./puppet x-login")
                    .contains("dee: NOT READY");
            x.verify(0, getRequestedFor(urlPathEqualTo("/2/users/me")));
            assertThat(exit).isEqualTo(1);
        }
    }
}
