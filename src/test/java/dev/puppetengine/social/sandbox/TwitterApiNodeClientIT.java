package dev.puppetengine.social.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.puppetengine.social.twitter.SandboxAccounts;
import dev.puppetengine.web.api.ApiToken;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Done-when 2 of issue 11: the npm {@code twitter-api-v2} client (what the original engine and ElizaOS use), with
 * nothing changed but its base URL, against the whole engine's sandbox port: me, tweet, reply, quote, lookups with
 * expansions read by its {@code TwitterV2IncludesHelper}, mentions over several pages, search {@code @handle},
 * like and unlike, delete; a replayed header and a stale timestamp get 401. The package comes from
 * {@code src/test/node/package-lock.json}, installed at build time ({@code .ci/run} runs {@code npm ci}); here only
 * {@code npm ci --offline} may fill a missing {@code node_modules}. Skipped only when there is no {@code node}.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "spring.datasource.url=jdbc:h2:mem:node-client-it;DB_CLOSE_DELAY=-1",
            "puppet.config-dir=config/agents",
            "puppet.data-dir=target/node-client-it",
            "puppet.sandbox.port=0",
            ApiToken.ENV_VARIABLE + "=" + TwitterApiNodeClientIT.TOKEN
        })
class TwitterApiNodeClientIT {

    static final String TOKEN = "node-client-it-token";
    private static final Logger log = LoggerFactory.getLogger(TwitterApiNodeClientIT.class);
    private static final Path NODE_PROJECT = Path.of("src/test/node");

    @LocalServerPort
    int port;

    @Autowired
    SandboxAccounts sandbox;

    @Test
    void the_npm_twitter_api_v2_client_works_against_the_sandbox_port_with_only_its_base_url_changed()
            throws Exception {
        assumeTrue(
                commandRuns("node", "--version"),
                "node is not installed: the twitter-api-v2 check needs Node.js (.ci/run installs it)");
        installOffline();
        assertThat(sandbox.apiBaseUrl())
                .hasValueSatisfying(
                        url -> assertThat(url.getPort()).isPositive().isNotEqualTo(port));

        Process node = withEngine(new ProcessBuilder("node", "sandbox-client-check.mjs"))
                .directory(NODE_PROJECT.toFile())
                .redirectErrorStream(true)
                .start();
        String output;
        try (var in = node.getInputStream()) {
            output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(node.waitFor(5, TimeUnit.MINUTES)).isTrue();

        log.info("twitter-api-v2 against the sandbox: {}", output.strip());
        assertThat(node.exitValue()).as(output).isZero();
        JsonNode findings = JsonMapper.builder()
                .build()
                .readTree(output.lines().reduce((first, last) -> last).orElse("{}"));
        assertThat(findings.path("ok").asBoolean()).as(output).isTrue();
        assertThat(findings.path("me").asString()).isEqualTo("juniper");
        assertThat(findings.path("mentions").path("pages").asInt()).isGreaterThanOrEqualTo(2);
        assertThat(findings.path("lookup").path("plainFields").asInt()).isEqualTo(3);
        assertThat(findings.path("replayed").asInt()).isEqualTo(401);
        assertThat(findings.path("stale").asInt()).isEqualTo(401);
    }

    private ProcessBuilder withEngine(ProcessBuilder builder) {
        builder.environment().put("ENGINE_URL", "http://127.0.0.1:" + port);
        builder.environment().put("API_TOKEN", TOKEN);
        builder.environment().put("PERSONA_A", "juniper");
        builder.environment().put("PERSONA_B", "marlow");
        return builder;
    }

    /** {@code node_modules} from the lock file and npm's cache only: nothing is downloaded at test time. */
    private static void installOffline() throws IOException, InterruptedException {
        if (Files.isDirectory(NODE_PROJECT.resolve("node_modules/twitter-api-v2"))) {
            return;
        }
        Process npm = new ProcessBuilder("npm", "ci", "--offline", "--no-audit", "--no-fund")
                .directory(NODE_PROJECT.toFile())
                .redirectErrorStream(true)
                .start();
        String output = new String(npm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(npm.waitFor(5, TimeUnit.MINUTES)).isTrue();
        assertThat(npm.exitValue())
                .as(
                        "twitter-api-v2 is not installed in %s and npm's cache lacks it; run `npm ci --prefix %s` (or"
                                + " .ci/run) where npm can reach its registry, then run the test again.%n%s",
                        NODE_PROJECT, NODE_PROJECT, output)
                .isZero();
    }

    private static boolean commandRuns(String... command) {
        try {
            Process process = new ProcessBuilder(List.of(command))
                    .redirectErrorStream(true)
                    .start();
            process.getInputStream().readAllBytes();
            return process.waitFor(1, TimeUnit.MINUTES) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
