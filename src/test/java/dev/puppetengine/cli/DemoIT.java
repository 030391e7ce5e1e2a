package dev.puppetengine.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import dev.puppetengine.llm.OutputPolicy;
import dev.puppetengine.llm.PolicyContext;
import dev.puppetengine.llm.PolicyOutcome;
import dev.puppetengine.llm.PostText;
import dev.puppetengine.persona.PersonaCatalog;
import dev.puppetengine.persona.PersonaId;
import dev.puppetengine.persona.PersonaSpec;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Done-when 1 of issue 3: {@code ./puppet demo --port 0 --data-dir D} on a fresh D, in-process. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DemoIT {

    private static final Pattern URL_LINE = Pattern.compile("(http://\\S+)/\\?token=(\\S+)");
    private static final List<String> CHROMIUM_ARGS = List.of(
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run");

    private Path dataDir;
    private ConfigurableApplicationContext context;
    private String baseUrl;
    private String token;
    private final HttpClient http = HttpClient.newHttpClient();
    private final JsonMapper json = JsonMapper.builder().build();

    @BeforeAll
    void startDemo() throws IOException {
        dataDir = Files.createTempDirectory("puppet-demo-it");
        DemoCommand demo = new DemoCommand();
        demo.port = 0;
        demo.dataDir = dataDir;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        context = demo.launch(new PrintStream(printed, true, StandardCharsets.UTF_8));
        Matcher url = URL_LINE.matcher(printed.toString(StandardCharsets.UTF_8));
        assertThat(url.find()).as("printed dashboard URL in: %s", printed).isTrue();
        baseUrl = url.group(1);
        token = url.group(2);
    }

    @AfterAll
    void stopDemo() {
        if (context != null) {
            context.close();
        }
        try (Stream<Path> files = Files.walk(dataDir)) {
            files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private List<JsonNode> timeline() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/api/sandbox/timeline?limit=200"))
                .header("Authorization", "Bearer " + token)
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        List<JsonNode> posts = new ArrayList<>();
        json.readTree(response.body()).forEach(posts::add);
        return posts;
    }

    private Set<String> castIds() {
        return context.getBean(PersonaCatalog.class).listPersonas().stream()
                .map(p -> p.id().value())
                .collect(Collectors.toSet());
    }

    @Test
    void every_sample_persona_posts_within_a_minute_in_its_own_style() throws Exception {
        Set<String> cast = castIds();
        assertThat(cast).isNotEmpty();

        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> timeline().stream()
                        .map(post -> post.path("personaId").asString(""))
                        .collect(Collectors.toSet())
                        .containsAll(cast));

        PersonaCatalog catalog = context.getBean(PersonaCatalog.class);
        OutputPolicy policy = new OutputPolicy(null);
        Map<String, List<String>> textsByPersona = timeline().stream()
                .filter(post -> !post.path("personaId").asString("").isEmpty())
                .collect(Collectors.groupingBy(
                        post -> post.path("personaId").asString(),
                        Collectors.mapping(post -> post.path("text").asString(), Collectors.toList())));
        assertThat(textsByPersona).allSatisfy((id, texts) -> {
            PersonaSpec persona = catalog.findPersona(PersonaId.of(id)).orElseThrow();
            assertThat(texts).doesNotHaveDuplicates().allSatisfy(text -> {
                assertThat(PostText.weightedLength(text)).isLessThanOrEqualTo(280);
                assertThat(policy.apply(persona, text, PolicyContext.NONE))
                        .as("%s obeys its style rules: %s", id, text)
                        .isEqualTo(new PolicyOutcome.Accepted(text));
            });
        });
    }

    /** Done-when 4 of issue 14: Marlow trades on paper in the demo and posts about its fills. */
    @Test
    void the_trading_persona_makes_paper_trades_and_posts_about_them() {
        await().atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> {
                    HttpRequest request = HttpRequest.newBuilder(
                                    URI.create(baseUrl + "/api/agents/marlow/trades?limit=20"))
                            .header("Authorization", "Bearer " + token)
                            .build();
                    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                    assertThat(response.statusCode()).isEqualTo(200);
                    List<JsonNode> trades = new ArrayList<>();
                    json.readTree(response.body()).forEach(trades::add);
                    assertThat(trades).as("Marlow's trades").anySatisfy(trade -> {
                        assertThat(trade.path("status").asString()).isEqualTo("simulated");
                        assertThat(trade.path("simulated").asBoolean()).isTrue();
                    });
                    assertThat(timeline()).as("Marlow's trade posts").anySatisfy(post -> {
                        assertThat(post.path("personaId").asString("")).isEqualTo("marlow");
                        assertThat(post.path("text").asString()).contains("(paper trade)");
                    });
                });
    }

    @Test
    void the_dashboard_shows_the_personas_and_the_live_timeline_and_a_mention_gets_an_answer() {
        await().atMost(Duration.ofSeconds(60)).until(() -> !timeline().isEmpty());
        try (Playwright playwright = Playwright.create(
                new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")))) {
            Browser browser = playwright
                    .chromium()
                    .launch(new BrowserType.LaunchOptions()
                            .setExecutablePath(Path.of("/usr/bin/chromium"))
                            .setHeadless(true)
                            .setArgs(CHROMIUM_ARGS));
            Page page = browser.newPage();
            List<String> blocked = new CopyOnWriteArrayList<>();
            page.onConsoleMessage(message -> {
                if (message.text().contains("Content Security Policy")) {
                    blocked.add(message.text());
                }
            });
            page.navigate(baseUrl + "/?token=" + token);
            page.locator("#personas li.card").first().waitFor();
            assertThat(page.locator("#personas li.card .name").allTextContents())
                    .hasSize(castIds().size());

            page.navigate(baseUrl + "/timeline");
            Locator posts = page.locator("#timeline li.post");
            posts.first().waitFor();
            assertThat(posts.count()).isPositive();
            assertThat(posts.first().locator(".text").textContent()).isNotBlank();

            page.locator("#composer-author").fill("visitor");
            page.locator("#composer-text").fill("@marlow what should I look for in the sky tonight?");
            page.locator("#composer button[type=submit]").click();
            Locator mention = page.locator("#timeline li.post[data-author=visitor]");
            mention.first().waitFor();
            String mentionId = mention.first().getAttribute("data-post-id");
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> timeline().stream()
                            .anyMatch(post -> post.path("personaId")
                                            .asString("")
                                            .equals("marlow")
                                    && post.path("inReplyTo").asString("").equals(mentionId)));

            // Pause and resume go through the cookie and the same-origin check, like the post above
            page.navigate(baseUrl + "/");
            String juniper = "#personas li.card[data-persona=juniper]";
            page.locator(juniper + " button").click();
            page.locator(juniper + "[data-active=false]").waitFor();
            page.locator(juniper + " button").click();
            page.locator(juniper + "[data-active=true]").waitFor();
            assertThat(blocked).as("what the Content Security Policy blocked").isEmpty();
            browser.close();
        }
    }
}
