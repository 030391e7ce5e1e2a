package dev.puppetengine.social.twitter;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * No X stub can skip the wire check (Done-when 3 of issue 11): a test that starts a WireMock server takes it from
 * {@link XStub}, unless it stands in for something else (an LLM provider, a feed) and names no X API path; and the
 * check that fails a test ({@link XWireCheck}) and the sandbox's ({@code SandboxWireCheck}) are switched on.
 */
class XStubGuardTest {

    private static final Path TESTS = Path.of("src/test/java");

    /** WireMock servers that are not X: OpenAI, Anthropic and other LLM providers, RSS/Atom feeds, Solana/Jupiter. */
    private static final Set<String> NOT_X = Set.of(
            "dev/puppetengine/cli/TradeKillIT.java",
            "dev/puppetengine/agent/PromptsOnTheWireTest.java",
            "dev/puppetengine/cli/PromptInjectionIT.java",
            "dev/puppetengine/agent/ProviderOutageIT.java",
            "dev/puppetengine/agent/LlmOutageIT.java",
            "dev/puppetengine/event/EventSourcesTest.java",
            "dev/puppetengine/llm/AccountedLanguageModelTest.java",
            "dev/puppetengine/llm/ResilientLanguageModelTest.java",
            "dev/puppetengine/llm/anthropic/AnthropicModelTest.java",
            "dev/puppetengine/llm/openai/OpenAiCompatibleModelTest.java",
            "dev/puppetengine/solana/JupiterClientTest.java",
            "dev/puppetengine/solana/SolanaRpcClientTest.java",
            "dev/puppetengine/solana/SwapExecutionTest.java",
            "dev/puppetengine/solana/TraderTest.java");

    @Test
    void every_wiremock_server_that_speaks_x_is_an_x_stub() throws IOException {
        List<String> unchecked;
        try (Stream<Path> files = Files.walk(TESTS)) {
            unchecked = files.filter(file -> file.toString().endsWith(".java"))
                    .filter(file -> !file.getFileName().toString().equals("XStub.java"))
                    .filter(file -> startsWireMock(read(file)))
                    .filter(file -> !read(file).contains("XStub."))
                    .map(file -> TESTS.relativize(file).toString().replace('\\', '/'))
                    .filter(file -> !NOT_X.contains(file))
                    .toList();
        }
        assertThat(unchecked)
                .as("WireMock servers not made with XStub.server() or XStub.options(): add the check, or, if the"
                        + " server is no X, list it in NOT_X")
                .isEmpty();
    }

    @Test
    void the_servers_that_are_not_x_name_no_x_api_path() {
        for (String file : NOT_X) {
            String source = read(TESTS.resolve(file));
            assertThat(startsWireMock(source))
                    .as(file + " still starts WireMock")
                    .isTrue();
            assertThat(source).as(file).doesNotContain("\"/2/").doesNotContain("/sandbox/x");
        }
    }

    @Test
    void the_checks_are_switched_on_for_every_test() throws IOException {
        Properties junit = new Properties();
        try (InputStream in = resource("junit-platform.properties")) {
            junit.load(in);
        }
        assertThat(junit.getProperty("junit.jupiter.extensions.autodetection.enabled"))
                .isEqualTo("true");
        assertThat(text("META-INF/services/org.junit.jupiter.api.extension.Extension"))
                .contains(XWireCheck.class.getName());
        assertThat(text("META-INF/spring/org.springframework.boot.autoconfigure.AutoConfiguration.imports"))
                .contains("dev.puppetengine.social.sandbox.SandboxWireCheck");
    }

    private static boolean startsWireMock(String source) {
        return source.contains("new WireMockServer(") || source.contains("WireMockExtension");
    }

    private static String text(String name) throws IOException {
        try (InputStream in = resource(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static InputStream resource(String name) {
        InputStream in = XStubGuardTest.class.getClassLoader().getResourceAsStream(name);
        assertThat(in).as(name + " on the test class path").isNotNull();
        return in;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
