package dev.puppetengine.cli;

import dev.puppetengine.persona.PersonaProblem;
import dev.puppetengine.persona.PersonaSpec;
import dev.puppetengine.persona.format.PersonaDocuments;
import dev.puppetengine.shared.ClockConfiguration;
import dev.puppetengine.shared.EngineProperties;
import dev.puppetengine.social.GoLiveChecklist;
import dev.puppetengine.social.GoLiveChecklist.Result;
import dev.puppetengine.social.twitter.GoLiveChecks;
import dev.puppetengine.social.twitter.RateLimits;
import dev.puppetengine.social.twitter.TwitterProperties;
import dev.puppetengine.social.twitter.XAccountCheck;
import dev.puppetengine.social.twitter.XAuthorization;
import dev.puppetengine.social.twitter.XCredentialsResolver;
import dev.puppetengine.social.twitter.XOAuth2AccessTokens;
import dev.puppetengine.social.twitter.XOAuth2Properties;
import dev.puppetengine.social.twitter.XPolicyProperties;
import dev.puppetengine.social.twitter.XReadsProperties;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code ./puppet doctor [--config DIR]}: each persona's live readiness without starting the engine (DESIGN §6.2), one
 * line per check ({@code ok}, {@code warn} or {@code FAIL}): credentials present and which, accepted by X
 * ({@code users/me}, printing {@code @username}), write access ({@code x-access-level}), the AI-replies switch,
 * rate-limit and read-budget state, the automation label acknowledgement. The settings are the engine's
 * ({@code application.yml}, the environment, {@code --spring.config.additional-location}). Exit 1 when a persona is
 * not ready (or a persona file is invalid, or there is none), 0 otherwise.
 */
@Command(
        name = "doctor",
        mixinStandardHelpOptions = true,
        description = "Check each persona's readiness for live mode (credentials, X access, switches); exit 1 if one"
                + " is not ready.")
final class DoctorCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--config", paramLabel = "DIR", description = "Persona files directory (default: config/agents).")
    Path configDir = Path.of("config/agents");

    /** Extra Spring arguments ({@code --puppet.x.base-url=...}), for tests. */
    List<String> springArguments = List.of();

    /** The engine's settings doctor reads, bound as the engine binds them. */
    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties({
        EngineProperties.class,
        TwitterProperties.class,
        XOAuth2Properties.class,
        XPolicyProperties.class,
        XReadsProperties.class
    })
    @Import(ClockConfiguration.class)
    static class Settings {}

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<String> arguments = new ArrayList<>(springArguments);
        arguments.add("--logging.level.root=WARN");
        arguments.add("--spring.main.log-startup-info=false");
        // live readiness: OAuth 2.0 token expiry is real time, never sandbox persona time
        arguments.add("--puppet.mode=" + EngineProperties.Mode.LIVE.wireName());
        arguments.add("--puppet.speed=1");
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(Settings.class)
                .web(WebApplicationType.NONE)
                .bannerMode(Banner.Mode.OFF)
                .run(arguments.toArray(String[]::new))) {
            return check(context, out, err);
        } catch (RuntimeException failed) {
            err.println(
                    "doctor: the settings are invalid: " + PersonaProblem.oneLine(String.valueOf(failed.getMessage())));
            return 1;
        }
    }

    private int check(ConfigurableApplicationContext context, PrintWriter out, PrintWriter err) {
        TwitterProperties x = context.getBean(TwitterProperties.class);
        XPolicyProperties policy = context.getBean(XPolicyProperties.class);
        XReadsProperties reads = context.getBean(XReadsProperties.class);
        Environment environment = context.getEnvironment();
        List<PersonaDocuments.FileResult> files;
        try {
            files = PersonaDocuments.withSystemEnvironment()
                    .readDirectory(configDir)
                    .files();
        } catch (IOException unreadable) {
            err.println("doctor: cannot read " + configDir + ": " + unreadable.getMessage());
            return 1;
        }
        out.println("X API: " + x.baseUrl());
        CliTokens tokens = null;
        if (files.stream().map(PersonaDocuments.FileResult::persona).anyMatch(DoctorCommand::mayUseToken)) {
            try {
                tokens = CliTokens.open(
                        environment,
                        context.getBean(EngineProperties.class),
                        context.getBean(XOAuth2Properties.class),
                        x,
                        context.getBean(Clock.class));
            } catch (RuntimeException failed) {
                out.println("x-login tokens: warn cannot read the database: "
                        + PersonaProblem.oneLine(String.valueOf(failed.getMessage())) + CliTokens.hint(environment));
            }
        }
        try {
            CliTokens opened = tokens;
            XCredentialsResolver credentials = new XCredentialsResolver(
                    environment::getProperty, persona -> opened != null && opened.exists(persona));
            XAccountCheck check = new XAccountCheck(
                    HttpClient.newBuilder()
                            .connectTimeout(Duration.ofSeconds(5))
                            .followRedirects(HttpClient.Redirect.NEVER)
                            .build(),
                    JsonMapper.builder().build(),
                    x.timeout());
            int ready = 0;
            int notReady = 0;
            for (PersonaDocuments.FileResult file : files) {
                PersonaSpec persona = file.persona();
                if (persona == null) {
                    out.println(PersonaProblem.oneLine(file.file()) + ": FAIL invalid persona file (./puppet validate "
                            + configDir + ")");
                    notReady++;
                    continue;
                }
                if (checkPersona(out, persona, x, policy, reads, credentials, check, opened)) {
                    ready++;
                } else {
                    notReady++;
                }
            }
            if (files.isEmpty()) {
                out.println(configDir + ": no persona files (*.json, *.yaml, *.yml)");
            }
            out.println((ready + notReady) + " persona(s): " + ready + " ready, " + notReady + " not ready");
            out.flush();
            return notReady == 0 && ready > 0 ? 0 : 1;
        } finally {
            if (tokens != null) {
                tokens.close();
            }
        }
    }

    /** A persona without OAuth 1.0a keys in its file may use an OAuth 2.0 token from the database. */
    private static boolean mayUseToken(@Nullable PersonaSpec persona) {
        return persona != null && !(persona.twitterCredentials() instanceof PersonaSpec.OAuth1Credentials);
    }

    private static boolean checkPersona(
            PrintWriter out,
            PersonaSpec persona,
            TwitterProperties x,
            XPolicyProperties policy,
            XReadsProperties reads,
            XCredentialsResolver credentials,
            XAccountCheck check,
            @Nullable CliTokens tokens) {
        String id = persona.id().value();
        List<Result> results = new ArrayList<>();
        XCredentialsResolver.Resolution resolution = credentials.resolve(persona);
        results.add(line(out, id, GoLiveChecks.credentials(resolution)));
        switch (resolution) {
            case XCredentialsResolver.Missing missing -> {}
            case XCredentialsResolver.UserToken token ->
                results.addAll(userToken(out, persona, token, x, check, tokens));
            case XCredentialsResolver.Resolved resolved -> {
                XAccountCheck.Answer answer = check.usersMe(x.baseUrl(), resolved.credentials());
                results.add(account(out, id, answer));
                results.add(writeAccess(out, id, answer));
                results.add(rateLimits(out, id, answer));
            }
        }
        for (GoLiveChecklist.Check setting : new GoLiveChecks(policy, reads, credentials).settings()) {
            results.add(line(out, id, setting));
        }
        boolean ok = !results.contains(Result.FAIL);
        out.println(id + ": " + (ok ? "ready" : "NOT READY"));
        return ok;
    }

    private static Result account(PrintWriter out, String id, XAccountCheck.Answer answer) {
        return answer.account() != null
                ? line(out, id, "account", Result.OK, answer.detail())
                : line(
                        out,
                        id,
                        "account",
                        Result.FAIL,
                        answer.detail() + (answer.status() == 401 ? " (X refused the credentials)" : ""));
    }

    /**
     * The account of an OAuth 2.0 user token: {@code users/me} with the stored access token, refreshed first (and the
     * rotated pair stored, as the engine does) when it is about to expire. Write access is the token's scope
     * ({@code tweet.write}) unless X sends {@code x-access-level}.
     */
    private static List<Result> userToken(
            PrintWriter out,
            PersonaSpec persona,
            XCredentialsResolver.UserToken token,
            TwitterProperties x,
            XAccountCheck check,
            @Nullable CliTokens tokens) {
        String id = persona.id().value();
        if (tokens == null) {
            return List.of(line(out, id, "account", Result.FAIL, "not checked: the token database cannot be read"));
        }
        String scope;
        XAccountCheck.Answer answer;
        try {
            XOAuth2AccessTokens accessTokens = tokens.accessTokens();
            PersonaSpec.OAuth2Credentials seed = token.seed();
            if (seed != null) {
                accessTokens.seed(
                        persona.id(), seed.clientId(), seed.refreshToken().value());
            }
            answer = check.usersMe(x.baseUrl(), XAuthorization.bearer(accessTokens, persona.id()));
            scope = tokens.store()
                    .find(persona.id())
                    .map(stored -> stored.active().scope())
                    .orElse("");
        } catch (RuntimeException failed) { // the refresh refused or failed, the key does not fit the stored tokens
            return List.of(line(
                    out,
                    id,
                    "account",
                    Result.FAIL,
                    "no usable access token: " + PersonaProblem.oneLine(String.valueOf(failed.getMessage()))));
        }
        List<Result> results = new ArrayList<>();
        results.add(account(out, id, answer));
        if (answer.account() == null || answer.accessLevel() != null) {
            results.add(writeAccess(out, id, answer));
        } else if (List.of(scope.split(" ")).contains("tweet.write")) {
            results.add(line(out, id, "write access", Result.OK, "token scope includes tweet.write"));
        } else {
            results.add(line(
                    out,
                    id,
                    "write access",
                    Result.FAIL,
                    "token scope '" + scope + "' lacks tweet.write: run ./puppet x-login " + id + " again"));
        }
        results.add(rateLimits(out, id, answer));
        return results;
    }

    private static Result writeAccess(PrintWriter out, String id, XAccountCheck.Answer answer) {
        String level = answer.accessLevel();
        if (answer.account() == null) {
            return line(out, id, "write access", Result.FAIL, "unknown: the account check failed");
        }
        if (level == null) {
            return line(out, id, "write access", Result.WARN, "unknown: X sent no x-access-level");
        }
        return level.toLowerCase(Locale.ROOT).contains("write")
                ? line(out, id, "write access", Result.OK, "x-access-level " + level)
                : line(
                        out,
                        id,
                        "write access",
                        Result.FAIL,
                        "x-access-level " + level + ": give the app read and write permission, then new access"
                                + " tokens");
    }

    private static Result rateLimits(PrintWriter out, String id, XAccountCheck.Answer answer) {
        if (answer.limits().isEmpty()) {
            return line(out, id, "rate limits", Result.WARN, "X sent no rate-limit headers");
        }
        List<String> parts = new ArrayList<>();
        boolean exhausted = false;
        for (Map.Entry<RateLimits.Scope, RateLimits.Window> limit :
                answer.limits().entrySet()) {
            RateLimits.Window w = limit.getValue();
            exhausted |= w.remaining() <= 0;
            parts.add(limit.getKey().wireName() + " " + w.remaining() + " of " + w.limit() + " left until "
                    + w.reset().truncatedTo(ChronoUnit.SECONDS));
        }
        return line(
                out, id, "rate limits", exhausted ? Result.WARN : Result.OK, "users/me " + String.join(", ", parts));
    }

    private static Result line(PrintWriter out, String persona, GoLiveChecklist.Check check) {
        return line(out, persona, check.check(), check.result(), check.detail());
    }

    private static Result line(PrintWriter out, String persona, String check, Result result, String detail) {
        out.println(persona + ": " + check + ": " + result.word() + " " + PersonaProblem.oneLine(detail));
        return result;
    }
}
