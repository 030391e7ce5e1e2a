package dev.puppetengine.cli;

import dev.puppetengine.persona.PersonaId;
import dev.puppetengine.shared.EngineProperties;
import dev.puppetengine.social.twitter.JdbcXOAuth2TokenStore;
import dev.puppetengine.social.twitter.TokenCipher;
import dev.puppetengine.social.twitter.TwitterProperties;
import dev.puppetengine.social.twitter.XOAuth2AccessTokens;
import dev.puppetengine.social.twitter.XOAuth2Properties;
import dev.puppetengine.social.twitter.XOAuth2TokenEndpoint;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import org.flywaydb.core.Flyway;
import org.jspecify.annotations.Nullable;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import tools.jackson.databind.json.JsonMapper;

/**
 * The OAuth 2.0 tokens {@code x-login} stores, opened by a command without the engine ({@code x-login},
 * {@code doctor}): the engine's database (migrated as the engine would), the token endpoint at
 * {@code puppet.x.base-url}, and the access tokens with their refresh, as the engine wires them
 * ({@code XOAuth2Configuration}). The token key is read (or created) only when a token is read or written. One
 * connection, closed with this. Not thread-safe.
 */
final class CliTokens implements AutoCloseable {

    final HttpClient http;
    private final SingleConnectionDataSource database;
    private final JdbcClient jdbc;
    private final EngineProperties engine;
    private final XOAuth2Properties oauth2;
    private final TwitterProperties x;
    private final Clock clock;
    private @Nullable JdbcXOAuth2TokenStore store;
    private @Nullable XOAuth2AccessTokens accessTokens;

    private CliTokens(
            SingleConnectionDataSource database,
            EngineProperties engine,
            XOAuth2Properties oauth2,
            TwitterProperties x,
            Clock clock) {
        this.database = database;
        this.jdbc = JdbcClient.create(database);
        this.engine = engine;
        this.oauth2 = oauth2;
        this.x = x;
        this.clock = clock;
        this.http = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** Opens and migrates the database; throws a {@link RuntimeException} saying why when it cannot. */
    static CliTokens open(
            Environment environment,
            EngineProperties engine,
            XOAuth2Properties oauth2,
            TwitterProperties x,
            Clock clock) {
        String url = Objects.requireNonNull(environment.getProperty("spring.datasource.url"), "spring.datasource.url");
        SingleConnectionDataSource database = new SingleConnectionDataSource(
                url,
                environment.getProperty("spring.datasource.username", ""),
                environment.getProperty("spring.datasource.password", ""),
                true);
        try {
            Flyway.configure()
                    .dataSource(database)
                    .locations("classpath:db/migration")
                    .load()
                    .migrate();
            return new CliTokens(database, engine, oauth2, x, clock);
        } catch (RuntimeException failed) {
            database.destroy();
            throw failed;
        }
    }

    /** What to add to a message when the database could not be used: an H2 file is locked by a running engine. */
    static String hint(Environment environment) {
        return environment.getProperty("spring.datasource.url", "").startsWith("jdbc:h2:")
                ? " (is the engine running? Stop it first: the H2 database is used by one process at a time)"
                : "";
    }

    /** Whether {@code x-login} stored a pair for the persona; reads no key. */
    boolean exists(PersonaId persona) {
        return JdbcXOAuth2TokenStore.exists(jdbc, persona);
    }

    JdbcXOAuth2TokenStore store() {
        JdbcXOAuth2TokenStore opened = store;
        if (opened == null) {
            opened =
                    new JdbcXOAuth2TokenStore(jdbc, TokenCipher.load(oauth2.tokenKey(), engine.dataDirectory()), clock);
            store = opened;
        }
        return opened;
    }

    /** The token endpoint for the configured client id. */
    XOAuth2TokenEndpoint endpoint() {
        return endpoint(oauth2.clientId());
    }

    /** Access tokens, refreshed (and the rotated pair stored) when they are about to expire. */
    XOAuth2AccessTokens accessTokens() {
        XOAuth2AccessTokens opened = accessTokens;
        if (opened == null) {
            opened = new XOAuth2AccessTokens(store(), this::endpoint, clock, oauth2.refreshMargin());
            accessTokens = opened;
        }
        return opened;
    }

    private XOAuth2TokenEndpoint endpoint(String clientId) {
        return new XOAuth2TokenEndpoint(
                x.baseUrl(),
                clientId,
                clientId.equals(oauth2.clientId()) ? oauth2.clientSecret() : "",
                http,
                JsonMapper.shared(),
                clock,
                x.timeout());
    }

    @Override
    public void close() {
        database.destroy();
    }
}
