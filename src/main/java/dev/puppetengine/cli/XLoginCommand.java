package dev.puppetengine.cli;

import dev.puppetengine.persona.PersonaId;
import dev.puppetengine.persona.PersonaProblem;
import dev.puppetengine.persona.PersonaSpec;
import dev.puppetengine.persona.format.PersonaDocuments;
import dev.puppetengine.shared.ClockConfiguration;
import dev.puppetengine.shared.EngineProperties;
import dev.puppetengine.shared.SettingFailures;
import dev.puppetengine.social.Account;
import dev.puppetengine.social.twitter.TwitterProperties;
import dev.puppetengine.social.twitter.XAccountCheck;
import dev.puppetengine.social.twitter.XOAuth2Login;
import dev.puppetengine.social.twitter.XOAuth2Login.LoginFailed;
import dev.puppetengine.social.twitter.XOAuth2Properties;
import dev.puppetengine.social.twitter.XOAuth2Token;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code ./puppet x-login PERSONA}: logs a persona in to X with OAuth 2.0 (authorization code + PKCE) and stores its
 * tokens, encrypted, in the engine's database (docs/x-login.md). Reads the settings as {@code run} does
 * ({@code puppet.x.oauth2.*}, {@code puppet.x.base-url}, the data dir and database), prints the URL to open, waits
 * for X's redirect on a localhost port, and exits 0 once the tokens are stored; 1 when the login failed or timed out,
 * 2 for a wrong command line or a missing client id. Never prints a token or the key.
 */
@Command(
        name = "x-login",
        mixinStandardHelpOptions = true,
        description = "Log PERSONA in to X with OAuth 2.0 (PKCE) and store its tokens encrypted in the database.")
final class XLoginCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "PERSONA", description = "the persona id to log in")
    String persona = "";

    @Option(names = "--config", paramLabel = "DIR", description = "Persona files directory (default: config/agents).")
    @Nullable
    Path configDir;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Database and token key (default: data).")
    @Nullable
    Path dataDir;

    @Option(names = "--db-url", paramLabel = "URL", description = "Database JDBC URL (default: H2 in the data dir).")
    @Nullable
    String dbUrl;

    @Option(
            names = "--port",
            paramLabel = "N",
            defaultValue = "0",
            description = "Local port of the callback http://127.0.0.1:N/callback; 0 = any free port. Register the"
                    + " callback URL with this port in the X developer portal.")
    int port;

    @Option(
            names = "--timeout",
            paramLabel = "DURATION",
            description = "How long to wait for the browser, e.g. PT10M (default: puppet.x.oauth2.login-timeout, 5m).")
    @Nullable
    Duration timeout;

    /** Extra Spring arguments ({@code --key=value}), for tests. */
    List<String> settings = List.of();

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        PersonaId id;
        try {
            id = PersonaId.of(persona);
        } catch (IllegalArgumentException invalid) {
            err.println("x-login: " + PersonaProblem.oneLine(String.valueOf(invalid.getMessage())));
            return 2;
        }
        if (port < 0 || port > 65535) {
            err.println("x-login: --port must be in 0..65535, got " + port);
            return 2;
        }
        ConfigurableApplicationContext context;
        try {
            context = settingsContext();
        } catch (RuntimeException failed) {
            err.println("x-login: " + SettingFailures.describe(failed));
            return 2;
        }
        try (context) {
            return login(context, id, out, err);
        }
    }

    private int login(ConfigurableApplicationContext context, PersonaId id, PrintWriter out, PrintWriter err)
            throws InterruptedException {
        EngineProperties engine = context.getBean(EngineProperties.class);
        XOAuth2Properties oauth2 = context.getBean(XOAuth2Properties.class);
        TwitterProperties x = context.getBean(TwitterProperties.class);
        if (oauth2.clientId().isEmpty()) {
            err.println("x-login: no OAuth 2.0 client id: set puppet.x.oauth2.client-id (env PUPPET_X_OAUTH2_CLIENTID)"
                    + " to the Client ID of your app in the X developer portal (docs/x-login.md)");
            return 2;
        }
        String unknown = unknownPersona(engine.configDirectory(), id);
        if (unknown != null) {
            err.println("x-login: " + unknown);
            return 2;
        }
        Environment environment = context.getEnvironment();
        Clock clock = context.getBean(Clock.class);
        try (CliTokens tokens = CliTokens.open(environment, engine, oauth2, x, clock)) {
            Duration wait = timeout != null ? timeout : oauth2.loginTimeout();
            try (XOAuth2Login.Pending login =
                    new XOAuth2Login(oauth2, tokens.endpoint(), tokens.store()).begin(id, port)) {
                out.println("Open this URL in a browser logged in to X as the account of persona " + id + ":");
                out.println(login.authorizeUrl());
                out.println("Waiting up to " + wait.toSeconds() + " s for X to redirect to " + login.redirectUri()
                        + " (it must be a callback URL of the app).");
                out.flush();
                XOAuth2Token token = login.await(wait);
                out.println("x-login: persona " + id + " is logged in (scope: " + token.scope()
                        + "); its tokens are stored encrypted in the database, the access token is refreshed before"
                        + " it expires.");
                out.println(account(tokens, x, token));
                out.flush();
                return 0;
            } catch (TimeoutException noCallback) {
                err.println("x-login: no callback from X within " + wait.toSeconds() + " s: nothing was stored. Run"
                        + " it again and open the URL (use --timeout for more time).");
                return 1;
            } catch (LoginFailed failed) {
                err.println("x-login: " + PersonaProblem.oneLine(String.valueOf(failed.getMessage()))
                        + ": nothing was stored.");
                return 1;
            } catch (IOException cannotListen) {
                err.println("x-login: cannot listen on 127.0.0.1:" + port + " for the callback: "
                        + PersonaProblem.oneLine(String.valueOf(cannotListen.getMessage())));
                return 1;
            }
        } catch (RuntimeException failed) {
            err.println("x-login: " + PersonaProblem.oneLine(String.valueOf(failed.getMessage()))
                    + CliTokens.hint(environment));
            return 1;
        }
    }

    /** The account X gives the new token ({@code GET /2/users/me}): the operator sees whom they logged in. */
    private static String account(CliTokens tokens, TwitterProperties x, XOAuth2Token token) {
        XAccountCheck.Answer answer = new XAccountCheck(tokens.http, JsonMapper.shared(), x.timeout())
                .usersMe(x.baseUrl(), (method, uri) -> "Bearer " + token.accessToken());
        Account account = answer.account();
        return account != null
                ? "x-login: the token is the account @" + account.username() + " (" + account.name() + ")"
                : "x-login: warning: could not read the token's account: " + PersonaProblem.oneLine(answer.detail())
                        + " (./puppet doctor checks it again)";
    }

    /** Why {@code id} cannot be logged in when the config dir has persona files but none with that id, else null. */
    private static @Nullable String unknownPersona(Path configDir, PersonaId id) {
        if (!Files.isDirectory(configDir)) {
            return null;
        }
        List<PersonaSpec> personas = new ArrayList<>();
        try {
            PersonaDocuments.withSystemEnvironment().readDirectory(configDir).files().stream()
                    .map(PersonaDocuments.FileResult::persona)
                    .filter(Objects::nonNull)
                    .forEach(personas::add);
        } catch (IOException unreadable) {
            return null;
        }
        if (personas.isEmpty() || personas.stream().anyMatch(p -> p.id().equals(id))) {
            return null;
        }
        return "no persona '" + id + "' in " + configDir + " (personas there: "
                + String.join(", ", personas.stream().map(p -> p.id().value()).toList()) + ")";
    }

    private ConfigurableApplicationContext settingsContext() {
        SpringApplication application = new SpringApplication(Settings.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        application.setLogStartupInfo(false);
        List<String> arguments = new ArrayList<>();
        arguments.add("--logging.level.root=WARN");
        // tokens are for live mode, which runs on real time: token expiry is never in sandbox persona time
        arguments.add("--puppet.mode=" + EngineProperties.Mode.LIVE.wireName());
        arguments.add("--puppet.speed=1");
        if (configDir != null) {
            arguments.add("--puppet.config-dir=" + configDir.toAbsolutePath().normalize());
        }
        if (dataDir != null) {
            arguments.add("--puppet.data-dir=" + dataDir.toAbsolutePath().normalize());
        }
        if (dbUrl != null) {
            arguments.add("--puppet.db-url=" + dbUrl);
        }
        arguments.addAll(settings);
        return application.run(arguments.toArray(String[]::new));
    }

    /** Only the settings and the (real-time) clock: no engine, no web server, no scheduler. */
    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties({EngineProperties.class, TwitterProperties.class, XOAuth2Properties.class})
    @Import(ClockConfiguration.class)
    static class Settings {}
}
