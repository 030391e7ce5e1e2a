package dev.puppetengine.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.puppetengine.persona.PersonaId;
import dev.puppetengine.shared.DatabaseUrlDefaults;
import dev.puppetengine.social.twitter.JdbcXOAuth2TokenStore;
import dev.puppetengine.social.twitter.TokenCipher;
import dev.puppetengine.social.twitter.XStub;
import dev.puppetengine.social.twitter.XTokenEndpointStub;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;
import picocli.CommandLine;

/** {@code ./puppet x-login PERSONA} in process, against a WireMock token endpoint; the test plays the browser. */
class XLoginCommandTest {

    private static final Pattern AUTHORIZE = Pattern.compile("https://x\\.com/i/oauth2/authorize\\?\\S+");

    @TempDir
    Path dataDir;

    @TempDir
    Path configDir;

    private WireMockServer x;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void start() throws Exception {
        x = XStub.server();
        x.start();
        XTokenEndpointStub.stubExchange(x, "the-code");
        XTokenEndpointStub.stubRotations(x, 1);
        x.stubFor(get(urlPathEqualTo("/2/users/me"))
                .withHeader("Authorization", equalTo("Bearer access-0"))
                .willReturn(okJson("{\"data\":{\"id\":\"100\",\"name\":\"Ada\",\"username\":\"ada_live\"}}")));
        Files.writeString(configDir.resolve("ada.json"), "{\"id\": \"ada\"}");
    }

    @AfterEach
    void stop() {
        x.stop();
    }

    private CompletableFuture<Integer> run(List<String> settings, String... args) {
        XLoginCommand command = new XLoginCommand();
        command.settings = settings;
        CommandLine line =
                new CommandLine(command).setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true));
        return CompletableFuture.supplyAsync(() -> line.execute(args));
    }

    private List<String> settings(String... more) {
        List<String> all =
                new ArrayList<>(List.of("--puppet.x.base-url=" + x.baseUrl(), "--puppet.x.oauth2.client-id=client-1"));
        all.addAll(List.of(more));
        return all;
    }

    @Test
    void logs_a_persona_in_and_stores_its_tokens_encrypted_with_a_private_key_file() throws Exception {
        CompletableFuture<Integer> exit =
                run(settings(), "ada", "--data-dir", dataDir.toString(), "--config", configDir.toString());

        await().atMost(Duration.ofMinutes(1))
                .until(() -> AUTHORIZE.matcher(out.toString()).find() || exit.isDone());
        Matcher url = AUTHORIZE.matcher(out.toString());
        assertThat(url.find()).as("%s%s", out, err).isTrue();
        URI authorize = URI.create(url.group());
        String state = "";
        String redirect = "";
        for (String pair : authorize.getRawQuery().split("&")) {
            String[] kv = pair.split("=", 2);
            String value = URLDecoder.decode(kv[1], StandardCharsets.UTF_8);
            if (kv[0].equals("state")) {
                state = value;
            } else if (kv[0].equals("redirect_uri")) {
                redirect = value;
            }
        }
        assertThat(exit).as("%s%s", out, err).isNotDone();
        HttpResponse<String> browser = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(redirect + "?state="
                                        + URLEncoder.encode(state, StandardCharsets.UTF_8) + "&code=the-code"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());

        assertThat(browser.statusCode()).as("%s%s%s", browser.body(), out, err).isEqualTo(200);
        assertThat(exit.get()).as("%s%s", out, err).isZero();
        assertThat(out.toString())
                .contains("persona ada is logged in")
                .contains("x-login: the token is the account @ada_live (Ada)")
                .doesNotContain("access-0", "refresh-0");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir.resolve("token-key"))))
                .isEqualTo("rw-------");
        JdbcXOAuth2TokenStore store = new JdbcXOAuth2TokenStore(
                JdbcClient.create(engineDatabase()), TokenCipher.load("", dataDir), Clock.systemUTC());
        assertThat(store.find(PersonaId.of("ada")).orElseThrow().active().refreshToken())
                .isEqualTo("refresh-0");
    }

    /** The database as the engine opens it (Boot passes no user name for an H2 file URL). */
    private javax.sql.DataSource engineDatabase() {
        JdbcDataSource database = new JdbcDataSource();
        database.setURL(DatabaseUrlDefaults.h2Url(dataDir));
        return database;
    }

    @Test
    void says_how_to_set_the_client_id_when_there_is_none() throws Exception {
        int exit = run(List.of("--puppet.x.base-url=" + x.baseUrl()), "ada", "--data-dir", dataDir.toString())
                .get();

        assertThat(exit).as("%s%s", out, err).isEqualTo(2);
        assertThat(err.toString()).contains("puppet.x.oauth2.client-id").contains("PUPPET_X_OAUTH2_CLIENTID");
    }

    @Test
    void refuses_a_persona_the_config_dir_does_not_have() throws Exception {
        int exit = run(settings(), "bob", "--data-dir", dataDir.toString(), "--config", configDir.toString())
                .get();

        assertThat(exit).as("%s%s", out, err).isEqualTo(2);
        assertThat(err.toString()).contains("no persona 'bob'").contains("ada");
    }

    @Test
    void times_out_with_a_clear_message_and_stores_nothing() throws Exception {
        int exit = run(
                        settings(),
                        "ada",
                        "--data-dir",
                        dataDir.toString(),
                        "--config",
                        configDir.toString(),
                        "--timeout",
                        "PT0.001S")
                .get();

        assertThat(exit).as("%s%s", out, err).isEqualTo(1);
        assertThat(err.toString()).contains("no callback from X").contains("nothing was stored");
    }
}
