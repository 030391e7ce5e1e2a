package dev.puppetengine.cli;

import dev.puppetengine.persona.PersonaProblem;
import dev.puppetengine.persona.PersonaSpec;
import dev.puppetengine.persona.format.PersonaDocuments;
import dev.puppetengine.social.twitter.RateLimits;
import dev.puppetengine.social.twitter.TwitterProperties;
import dev.puppetengine.social.twitter.XAccountCheck;
import dev.puppetengine.social.twitter.XCredentialsResolver;
import dev.puppetengine.social.twitter.XPolicyProperties;
import dev.puppetengine.social.twitter.XReadsProperties;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
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
    @EnableConfigurationProperties({TwitterProperties.class, XPolicyProperties.class, XReadsProperties.class})
    static class Settings {}

    private enum Result {
        OK("ok"),
        WARN("warn"),
        FAIL("FAIL");

        final String word;

        Result(String word) {
            this.word = word;
        }
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<String> arguments = new ArrayList<>(springArguments);
        arguments.add("--logging.level.root=WARN");
        arguments.add("--spring.main.log-startup-info=false");
        TwitterProperties x;
        XPolicyProperties policy;
        XReadsProperties reads;
        XCredentialsResolver credentials;
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(Settings.class)
                .web(WebApplicationType.NONE)
                .bannerMode(Banner.Mode.OFF)
                .run(arguments.toArray(String[]::new))) {
            x = context.getBean(TwitterProperties.class);
            policy = context.getBean(XPolicyProperties.class);
            reads = context.getBean(XReadsProperties.class);
            Environment environment = context.getEnvironment();
            credentials = new XCredentialsResolver(environment::getProperty);
        } catch (RuntimeException failed) {
            err.println(
                    "doctor: the settings are invalid: " + PersonaProblem.oneLine(String.valueOf(failed.getMessage())));
            return 1;
        }
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
            if (checkPersona(out, persona, x, policy, reads, credentials, check)) {
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
    }

    private static boolean checkPersona(
            PrintWriter out,
            PersonaSpec persona,
            TwitterProperties x,
            XPolicyProperties policy,
            XReadsProperties reads,
            XCredentialsResolver credentials,
            XAccountCheck check) {
        String id = persona.id().value();
        List<Result> results = new ArrayList<>();
        switch (credentials.resolve(persona)) {
            case XCredentialsResolver.Missing(String reason) -> {
                results.add(line(out, id, "credentials", Result.FAIL, reason));
            }
            case XCredentialsResolver.UserToken token -> {
                results.add(line(
                        out,
                        id,
                        "credentials",
                        Result.OK,
                        "OAuth 2.0 user token from " + token.source().describe()));
                results.add(line(
                        out,
                        id,
                        "account",
                        Result.WARN,
                        "not checked for OAuth 2.0 tokens yet: doctor does not refresh them; the engine's status says"
                                + " auth_error if X refuses the token"));
            }
            case XCredentialsResolver.Resolved resolved -> {
                results.add(line(
                        out,
                        id,
                        "credentials",
                        Result.OK,
                        "OAuth 1.0a from " + resolved.source().describe()));
                XAccountCheck.Answer answer = check.usersMe(x.baseUrl(), resolved.credentials());
                results.add(
                        answer.account() != null
                                ? line(out, id, "account", Result.OK, answer.detail())
                                : line(
                                        out,
                                        id,
                                        "account",
                                        Result.FAIL,
                                        answer.detail()
                                                + (answer.status() == 401 ? " (X refused the credentials)" : "")));
                results.add(writeAccess(out, id, answer));
                results.add(rateLimits(out, id, answer));
            }
        }
        results.add(
                policy.aiRepliesApproved()
                        ? line(out, id, "ai replies", Result.OK, "approved (puppet.x.ai-replies-approved)")
                        : line(
                                out,
                                id,
                                "ai replies",
                                Result.WARN,
                                "not approved: replies are held; set PUPPET_X_AIREPLIESAPPROVED=true once X approved"
                                        + " them"));
        results.add(
                reads.monthlyBudget() > 0
                        ? line(
                                out,
                                id,
                                "read budget",
                                Result.OK,
                                reads.monthlyBudget() + " reads per month (used so far: GET /api/usage)")
                        : line(
                                out,
                                id,
                                "read budget",
                                Result.WARN,
                                "none set: puppet.x.reads.monthly-budget (PUPPET_X_READS_MONTHLYBUDGET) keeps reads"
                                        + " within your plan"));
        results.add(
                policy.automationLabelAcknowledged()
                        ? line(out, id, "automation label", Result.OK, "acknowledged")
                        : line(
                                out,
                                id,
                                "automation label",
                                Result.FAIL,
                                "set X's automation label on the account, then"
                                        + " PUPPET_X_AUTOMATIONLABELACKNOWLEDGED=true"));
        boolean ok = !results.contains(Result.FAIL);
        out.println(id + ": " + (ok ? "ready" : "NOT READY"));
        return ok;
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

    private static Result line(PrintWriter out, String persona, String check, Result result, String detail) {
        out.println(persona + ": " + check + ": " + result.word + " " + PersonaProblem.oneLine(detail));
        return result;
    }
}
