package dev.puppetengine.social.twitter;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.puppetengine.persona.PersonaId;
import dev.puppetengine.shared.DatabaseUrlDefaults;
import dev.puppetengine.shared.SettableClock;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * Issue 11, Done-when 5: refresh-token rotation survives a crash between the refresh and the store. A real JVM
 * refreshes a persona's token against a WireMock token endpoint that, as X does, honours each refresh token once; it
 * halts ({@link Runtime#halt}, as SIGKILL) right after the rotated pair's first commit, before it is promoted or used.
 * The restarted engine (this JVM, on the same database and key file) still gets a valid access token and refreshes
 * again with the rotated refresh token; the retired one is never sent twice.
 */
class XOAuth2RotationKillIT {

    private static final PersonaId ADA = PersonaId.of("ada");
    private static final int HALTED = 9;

    @TempDir
    Path dataDir;

    private WireMockServer x;

    @BeforeEach
    void start() {
        x = XStub.server();
        x.start();
        XTokenEndpointStub.stubRotations(x, 5);
    }

    @AfterEach
    void stop() {
        x.stop();
    }

    /** The engine's own database URL (WRITE_DELAY=0, as the engine opens it), migrated. */
    static DataSource database(Path dataDir) {
        JdbcDataSource database = new JdbcDataSource();
        database.setURL(DatabaseUrlDefaults.h2Url(dataDir));
        Flyway.configure()
                .dataSource(database)
                .locations("classpath:db/migration")
                .load()
                .migrate();
        return database;
    }

    static XOAuth2AccessTokens tokens(
            Path dataDir, URI tokenBase, Clock clock, XOAuth2AccessTokens.RotationObserver observer) {
        JdbcXOAuth2TokenStore store =
                new JdbcXOAuth2TokenStore(JdbcClient.create(database(dataDir)), TokenCipher.load("", dataDir), clock);
        return new XOAuth2AccessTokens(
                store,
                clientId -> new XOAuth2TokenEndpoint(
                        tokenBase,
                        clientId,
                        "",
                        HttpClient.newHttpClient(),
                        JsonMapper.shared(),
                        clock,
                        Duration.ofSeconds(30)),
                clock,
                Duration.ofMinutes(5),
                observer);
    }

    private int refreshesWith(String refreshToken) {
        return x.countRequestsMatching(postRequestedFor(urlPathEqualTo(XOAuth2TokenEndpoint.PATH))
                        .withFormParam("refresh_token", equalTo(refreshToken))
                        .build())
                .getCount();
    }

    @Test
    void a_process_killed_between_the_refresh_and_the_store_leaves_an_account_that_still_refreshes() throws Exception {
        Clock wall = Clock.systemUTC();
        new JdbcXOAuth2TokenStore(JdbcClient.create(database(dataDir)), TokenCipher.load("", dataDir), wall)
                .save(ADA, "client-1", new XOAuth2Token("access-0", "refresh-0", wall.instant(), "s"));

        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process engine = new ProcessBuilder(List.of(
                        java,
                        "-cp",
                        System.getProperty("java.class.path"),
                        XOAuth2RotationKillIT.class.getName(),
                        dataDir.toString(),
                        x.baseUrl()))
                .inheritIO()
                .start();
        assertThat(engine.waitFor(3, TimeUnit.MINUTES)).isTrue();
        assertThat(engine.exitValue())
                .as("the engine halted after the refresh, before the store")
                .isEqualTo(HALTED);
        assertThat(refreshesWith("refresh-0")).as("X retired refresh-0").isEqualTo(1);

        SettableClock clock = new SettableClock(wall.instant());
        XOAuth2AccessTokens restarted = tokens(dataDir, URI.create(x.baseUrl()), clock, persona -> {});
        assertThat(restarted.accessToken(ADA)).isEqualTo("access-1");
        clock.advance(Duration.ofHours(2));
        assertThat(restarted.accessToken(ADA)).isEqualTo("access-2");
        clock.advance(Duration.ofHours(2));
        assertThat(restarted.accessToken(ADA)).isEqualTo("access-3");

        assertThat(refreshesWith("refresh-0")).isEqualTo(1);
        assertThat(refreshesWith("refresh-1")).isEqualTo(1);
        assertThat(refreshesWith("refresh-2")).isEqualTo(1);
    }

    /** The engine: needs a refresh (the stored token expired) and halts once the rotated pair is first committed. */
    public static void main(String[] args) {
        Path dataDir = Path.of(args[0]);
        XOAuth2AccessTokens tokens = tokens(
                dataDir,
                URI.create(args[1]),
                Clock.systemUTC(),
                persona -> Runtime.getRuntime().halt(HALTED));
        String token = tokens.accessToken(ADA);
        System.err.println("the engine was not halted; it got a token of " + token.length() + " characters");
        Runtime.getRuntime().halt(1);
    }
}
