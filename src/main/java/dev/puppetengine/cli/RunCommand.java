package dev.puppetengine.cli;

import dev.puppetengine.PuppetEngineApplication;
import dev.puppetengine.shared.EngineProperties;
import dev.puppetengine.shared.SettingFailures;
import dev.puppetengine.social.twitter.SandboxAccounts;
import dev.puppetengine.web.api.ApiToken;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.WebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./puppet run}: starts the engine (Spring Boot) with the flags as {@code puppet.*} properties, prints the
 * dashboard URL with its token and the data dir, then runs until stopped: Ctrl-C or SIGTERM stops it cleanly, exit 0.
 * {@code --live} (or {@code puppet.mode: live}) runs against {@code puppet.x.base-url} under the platform policy.
 */
@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        description = "Run the engine with the personas in the config dir (the sandbox network unless --live).")
final class RunCommand implements Callable<Integer> {

    @Option(names = "--config", paramLabel = "DIR", description = "Persona files directory (default: config/agents).")
    @Nullable
    Path configDir;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Database, API token and state (default: data).")
    @Nullable
    Path dataDir;

    @Option(names = "--port", paramLabel = "N", defaultValue = "8080", description = "HTTP port; 0 = any free port.")
    int port;

    @Option(
            names = "--db-url",
            paramLabel = "URL",
            description = "Database JDBC URL, e.g. jdbc:postgresql://host/db?user=u&password=p (default: H2 in the"
                    + " data dir).")
    @Nullable
    String dbUrl;

    @Option(
            names = "--node-id",
            paramLabel = "NAME",
            description = "This node's id in a cluster on one database (default: PUPPET_NODE_ID, else the host name);"
                    + " each node needs its own.")
    @Nullable
    String nodeId;

    @Option(
            names = "--live",
            description = "Run against the X API at puppet.x.base-url (PUPPET_X_BASEURL) with the personas' credentials"
                    + " (or the default account's), under the platform policy; see ./puppet doctor.")
    boolean live;

    @Option(
            names = "--speed",
            paramLabel = "X",
            defaultValue = "1",
            description = "Sandbox only: persona time runs X times faster (X >= 1).")
    double speed;

    /** Set by {@code demo}: the sandbox whatever {@code puppet.mode} the settings say. */
    boolean sandboxOnly;

    @Override
    public Integer call() throws InterruptedException {
        if (live && speed != 1) {
            System.err.println("puppet run: --speed is for the sandbox only; live mode runs in real time");
            return 2;
        }
        if (!(speed >= 1) || Double.isInfinite(speed)) {
            System.err.println("puppet run: --speed must be a number >= 1, got " + speed);
            return 2;
        }
        if (port < 0 || port > 65535) {
            System.err.println("puppet run: --port must be in 0..65535, got " + port);
            return 2;
        }
        CleanStop stop = CleanStop.install();
        ConfigurableApplicationContext context;
        try {
            context = launch(System.out);
        } catch (RuntimeException failed) {
            System.err.println("puppet run: the engine did not start: " + SettingFailures.describe(failed));
            return 1;
        }
        stop.awaitStop(context);
        return 0;
    }

    /** Starts the engine and prints where it runs; the caller closes the returned context to stop it. */
    ConfigurableApplicationContext launch(PrintStream out) {
        SpringApplication application = new SpringApplication(PuppetEngineApplication.class);
        ConfigurableApplicationContext context = application.run(arguments().toArray(String[]::new));
        EngineProperties properties = context.getBean(EngineProperties.class);
        int actualPort = port;
        if (context instanceof WebServerApplicationContext web && web.getWebServer() instanceof WebServer server) {
            actualPort = server.getPort();
        }
        out.println("Puppet Engine running: http://" + urlHost(properties.bindAddress()) + ":" + actualPort + "/?token="
                + context.getBean(ApiToken.class).value());
        out.println("Data directory: " + properties.dataDirectory());
        context.getBeanProvider(SandboxAccounts.class)
                .ifAvailable(
                        sandbox -> sandbox.apiBaseUrl().ifPresent(url -> out.println("Sandbox X API: " + url + "/2/")));
        out.flush();
        return context;
    }

    /** The flags as Spring Boot command-line properties, which win over application.yml and the environment. */
    List<String> arguments() {
        List<String> arguments = new ArrayList<>();
        if (configDir != null) {
            arguments.add("--puppet.config-dir=" + configDir.toAbsolutePath().normalize());
        }
        if (dataDir != null) {
            arguments.add("--puppet.data-dir=" + dataDir.toAbsolutePath().normalize());
        }
        if (dbUrl != null) {
            arguments.add("--puppet.db-url=" + dbUrl);
        }
        if (nodeId != null) {
            arguments.add("--puppet.cluster.node-id=" + nodeId);
        }
        if (live) {
            arguments.add("--puppet.mode=" + EngineProperties.Mode.LIVE.wireName());
        } else if (sandboxOnly) {
            arguments.add("--puppet.mode=" + EngineProperties.Mode.SANDBOX.wireName());
        }
        arguments.add("--puppet.speed=" + speed);
        arguments.add("--server.port=" + port);
        return arguments;
    }

    /** Where a browser on this machine reaches the server: loopback when it binds every address. */
    static String urlHost(String bindAddress) {
        String address = bindAddress.trim().toLowerCase(Locale.ROOT);
        if (address.equals("0.0.0.0") || address.equals("::") || address.equals("[::]") || address.isEmpty()) {
            return "127.0.0.1";
        }
        return address.contains(":") && !address.startsWith("[") ? "[" + address + "]" : address;
    }
}
