package dev.puppetengine.web.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.Response;
import com.microsoft.playwright.options.Cookie;
import com.microsoft.playwright.options.WaitForSelectorState;
import com.sun.net.httpserver.HttpServer;
import dev.puppetengine.persona.PersonaCatalog;
import dev.puppetengine.persona.PersonaId;
import dev.puppetengine.persona.PersonaSpec;
import dev.puppetengine.solana.KnownTokens;
import dev.puppetengine.solana.Trade;
import dev.puppetengine.solana.TradeDecision;
import dev.puppetengine.solana.TradeDesk;
import dev.puppetengine.solana.TradeLimit;
import dev.puppetengine.solana.TradeStatus;
import dev.puppetengine.web.api.ApiToken;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Issue 12, done-when 2, 3 and 4: the dashboard's views in Debian's Chromium (Playwright) against the whole engine in
 * the sandbox — one engine and one browser for the class, a fresh browser context (cookie jar) per test. With
 * {@code -Dpuppet.screenshots=true} each view is saved to {@code docs/screenshots/<view>.png}.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "spring.datasource.url=jdbc:h2:mem:dashboard-it;DB_CLOSE_DELAY=-1",
            "puppet.memory.embedder=hashing",
            ApiToken.ENV_VARIABLE + "=" + DashboardIT.TOKEN
        })
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardIT {

    static final String TOKEN = "dashboard-it-token";
    static final PersonaId TRADER = PersonaId.of("trader");
    static final String HOSTILE_NAME = "Mallory <img src=x onerror=alert(1)>";
    static final String HOSTILE_DESCRIPTION =
            "<script>window.__pwned = 'script'</script><img src=x onerror=\"window.__pwned = 'img'\"> writes <b>bold</b>";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Path SCREENSHOTS = Path.of("docs", "screenshots");
    private static final List<String> CHROMIUM_ARGS = List.of(
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run");

    @DynamicPropertySource
    static void directories(DynamicPropertyRegistry registry) throws IOException {
        Path data = Files.createTempDirectory("dashboard-it-data");
        Path config = Files.createTempDirectory("dashboard-it-config");
        Files.copy(Path.of("config/agents/juniper.json"), config.resolve("juniper.json"));
        Files.copy(Path.of("config/agents/marlow.yaml"), config.resolve("marlow.yaml"));
        ObjectNode mallory = (ObjectNode) JSON.readTree(Files.readString(Path.of("config/agents/juniper.json")));
        mallory.put("id", "mallory");
        mallory.put("name", HOSTILE_NAME);
        mallory.put("description", HOSTILE_DESCRIPTION);
        mallory.remove("initial_memory");
        // every post of Mallory's waits on /approvals
        mallory.put("approval", "all");
        Files.writeString(config.resolve("mallory.json"), JSON.writeValueAsString(mallory));
        ObjectNode trader = (ObjectNode) JSON.readTree(Files.readString(Path.of("config/agents/juniper.json")));
        trader.put("id", TRADER.value());
        trader.put("name", "Tam the Trader");
        trader.remove("initial_memory");
        trader.set("solana_integration", JSON.readTree("{\"trading_enabled\": true, \"paper_balance_sol\": 1}"));
        ((ObjectNode) trader.get("behavior"))
                .set(
                        "trading_behavior",
                        JSON.readTree("{\"allowed_tokens\": {\"always_tradable\": [\"" + KnownTokens.BONK_MINT
                                + "\", \"" + KnownTokens.USDC_MINT + "\"]}}"));
        Files.writeString(config.resolve("trader.json"), JSON.writeValueAsString(trader));
        registry.add("puppet.data-dir", data::toString);
        registry.add("puppet.config-dir", config::toString);
    }

    @LocalServerPort
    int port;

    @Autowired
    PersonaCatalog catalog;

    @Autowired
    ObjectProvider<TradeDesk> desk;

    private final HttpClient http = HttpClient.newHttpClient();
    private Playwright playwright;
    private Browser browser;
    private BrowserContext context;
    private Page page;
    private final List<String> problems = new CopyOnWriteArrayList<>();
    private final List<String> dialogs = new CopyOnWriteArrayList<>();

    @BeforeAll
    void startBrowser() {
        playwright = Playwright.create(
                new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        browser = playwright
                .chromium()
                .launch(new BrowserType.LaunchOptions()
                        .setExecutablePath(Path.of("/usr/bin/chromium"))
                        .setHeadless(true)
                        .setArgs(CHROMIUM_ARGS));
    }

    @AfterAll
    void stopBrowser() {
        if (browser != null) {
            browser.close();
        }
        if (playwright != null) {
            playwright.close();
        }
    }

    @BeforeEach
    void openContext() {
        context = browser.newContext(new Browser.NewContextOptions().setViewportSize(1280, 900));
        page = context.newPage();
        page.onDialog(dialog -> {
            dialogs.add(dialog.message());
            dialog.dismiss();
        });
        page.onConsoleMessage(message -> {
            if (message.type().equals("error") && !message.text().startsWith("Failed to load resource")) {
                problems.add(message.text());
            }
        });
        page.onResponse(response -> {
            if (response.status() >= 400 && response.url().startsWith(base())) {
                problems.add(response.status() + " " + response.url());
            }
        });
        page.onPageError(error -> problems.add(error));
    }

    @AfterEach
    void closeContext() {
        context.close();
        assertThat(dialogs).as("dialogs").isEmpty();
    }

    private String base() {
        return "http://127.0.0.1:" + port;
    }

    /** Opens a view the way the printed URL does: {@code ?token=} sets the cookie, the page drops it from the URL. */
    private void open(String path) {
        page.navigate(base() + path + "?token=" + TOKEN);
    }

    private HttpResponse<String> call(String method, String path, @Nullable String json) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base() + path))
                .header("Authorization", "Bearer " + TOKEN)
                .header("Accept", "application/json");
        if (json != null) {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(json));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode get(String path) throws Exception {
        HttpResponse<String> response = call("GET", path, null);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private void screenshot(String view) throws IOException {
        if (Boolean.getBoolean("puppet.screenshots")) {
            Files.createDirectories(SCREENSHOTS);
            page.screenshot(new Page.ScreenshotOptions()
                    .setPath(SCREENSHOTS.resolve(view + ".png"))
                    .setFullPage(true));
        }
    }

    @Test
    void the_cast_shows_a_card_per_persona_and_the_persona_page_draws_the_mood_chart_from_its_history()
            throws Exception {
        for (String shift : List.of(
                "{\"valenceShift\": 0.5, \"arousalShift\": 0.3}",
                "{\"valenceShift\": -0.8, \"dominanceShift\": 0.2}",
                "{\"valenceShift\": 0.4, \"arousalShift\": -0.1}")) {
            assertThat(call("POST", "/api/agents/marlow/mood", shift).statusCode())
                    .isEqualTo(200);
        }
        int history = get("/api/agents/marlow/mood?limit=500").get("history").size();
        assertThat(history).isGreaterThanOrEqualTo(3);

        open("/");
        page.locator("#personas[data-loaded=true]").waitFor();
        assertThat(page.locator("#personas li.card").count()).isEqualTo(4);
        Locator marlowCard = page.locator("#personas li.card[data-persona=marlow]");
        assertThat(marlowCard.locator("svg.sparkline").getAttribute("data-points"))
                .isEqualTo(String.valueOf(Math.min(history, 30)));
        assertThat(marlowCard.locator(".badge[data-status='offline composer']").count())
                .isEqualTo(1);
        assertThat(page.url()).as("the token left the address bar").doesNotContain("token");
        String node = get("/api/status").get("node").asString();
        Locator thisNode = page.locator("#nodes tr[data-node='" + node + "']");
        thisNode.waitFor();
        assertThat(thisNode.textContent()).contains("(this node)");
        assertThat(thisNode.getAttribute("data-alive")).isEqualTo("true");
        screenshot("cast");

        page.setViewportSize(390, 844);
        screenshot("cast-phone");
        page.setViewportSize(1280, 900);

        marlowCard
                .locator("a", new Locator.LocatorOptions().setHasText("details"))
                .click();
        page.waitForURL("**/agents/marlow");
        page.locator("#mood-chart[data-drawn=true] canvas").first().waitFor();
        assertThat(page.locator("#mood-chart").getAttribute("data-points")).isEqualTo(String.valueOf(history));
        assertThat(page.locator("#mood-chart .u-legend").textContent()).contains("valence", "arousal", "dominance");
        assertThat(page.locator("#agent-name").textContent())
                .isEqualTo(get("/api/agents/marlow").get("name").asString());
        page.locator("#relationships tbody tr").first().waitFor();
        page.locator("#prompt-messages li").first().waitFor();
        page.locator("#memories li").first().waitFor();
        screenshot("persona");
        assertThat(problems).as("console errors").isEmpty();
    }

    @Test
    void a_news_event_injected_on_the_events_page_shows_as_a_memory_on_the_persona_page() throws Exception {
        String headline = "Night-blooming cereus flowers early across Portland greenhouses";
        open("/events");
        page.locator("#news-form fieldset.targets input[value=juniper]").waitFor();
        page.locator("#news-headline").fill(headline);
        page.locator("#news-topic").fill("plants");
        page.locator("#news-form fieldset.targets input[value=juniper]").check();
        page.locator("#news-form button[type=submit]").click();
        page.locator("#news-form .result.done").waitFor();
        Locator row = page.locator("#events tbody tr[data-type=news]", new Page.LocatorOptions().setHasText(headline));
        row.waitFor();
        String eventId = row.getAttribute("data-event-id");

        await().atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> {
                    for (JsonNode event : get("/api/events?limit=200")) {
                        if (event.get("id").asString().equals(eventId)) {
                            return event.get("status").asString().equals("handled");
                        }
                    }
                    return false;
                });
        page.reload();
        page.locator("#events tbody tr[data-status=handled]", new Page.LocatorOptions().setHasText(headline))
                .waitFor();
        screenshot("events");

        open("/agents/juniper");
        page.locator("#memories li[data-type=event]", new Page.LocatorOptions().setHasText(headline))
                .waitFor();
        page.getByLabel("Recall").fill("cereus flowers in the greenhouse");
        page.locator("#recall button[type=submit]").click();
        page.locator(
                        "#memories[data-query='cereus flowers in the greenhouse'] li[data-type=event]",
                        new Page.LocatorOptions().setHasText(headline))
                .waitFor();
        assertThat(problems).as("console errors").isEmpty();
    }

    @Test
    void a_persona_whose_name_and_description_hold_markup_shows_it_as_text_and_runs_nothing() throws Exception {
        open("/");
        Locator card = page.locator("#personas li.card[data-persona=mallory]");
        card.waitFor();
        assertThat(card.locator(".name").textContent()).isEqualTo(HOSTILE_NAME);
        assertThat(card.locator(".description").textContent()).isEqualTo(HOSTILE_DESCRIPTION);
        assertThat(card.locator("img, script, b").count()).isZero();

        open("/agents/mallory");
        page.locator("#agent-name")
                .filter(new Locator.FilterOptions().setHasText("Mallory"))
                .waitFor();
        assertThat(page.locator("#agent-name").textContent()).isEqualTo(HOSTILE_NAME);
        assertThat(page.locator("#agent-description").textContent()).isEqualTo(HOSTILE_DESCRIPTION);
        page.locator("#prompt-messages li").first().waitFor();
        assertThat(page.locator("main img, main script, main b").count()).isZero();
        assertThat(page.title()).isEqualTo(HOSTILE_NAME + " · Puppet Engine");
        assertThat(page.evaluate("() => window.__pwned === undefined")).isEqualTo(true);
        assertThat(dialogs).isEmpty();
    }

    @Test
    void the_live_timeline_shows_new_posts_without_a_reload_and_the_composer_posts_and_replies() throws Exception {
        open("/timeline");
        page.locator("#connection[data-state=live]").waitFor();
        page.evaluate("() => { window.__sameDocument = true; }");

        HttpResponse<String> posted = call(
                "POST", "/api/sandbox/posts", "{\"author\": \"watcher\", \"text\": \"anyone awake for the meteors?\"}");
        assertThat(posted.statusCode()).as(posted.body()).isEqualTo(201);
        String postId = JSON.readTree(posted.body()).get("id").asString();
        Locator live = page.locator("#timeline li.post[data-post-id='" + postId + "']");
        live.waitFor();
        assertThat(live.locator(".text").textContent()).isEqualTo("anyone awake for the meteors?");
        assertThat(page.evaluate("() => window.__sameDocument")).as("no reload").isEqualTo(true);

        live.getByRole(com.microsoft.playwright.options.AriaRole.BUTTON).click();
        assertThat(page.locator("#composer-replying").textContent()).isEqualTo("replying to @watcher");
        page.locator("#composer-author").fill("visitor");
        page.locator("#composer-text").fill("me, with a thermos");
        page.locator("#composer button[type=submit]").click();
        Locator reply = page.locator("#timeline li.post[data-author=visitor]");
        reply.first().waitFor();
        assertThat(reply.first().locator(".meta").textContent()).contains("in reply to " + postId);
        screenshot("timeline");
        assertThat(problems).as("console errors").isEmpty();
    }

    @Test
    void an_approved_edited_draft_goes_on_the_timeline_with_the_edited_text_and_a_rejected_one_never()
            throws Exception {
        JsonNode toApprove = forcedPost("mallory");
        JsonNode toReject = forcedPost("mallory");
        // lower case: Mallory is a copy of Juniper, whose style the output policy applies to an edit too
        String edited = "edited by the operator: the moths won tonight.";

        open("/approvals");
        Locator approveItem = page.locator("#approvals li.approval[data-approval-id='"
                + toApprove.get("id").asLong() + "']");
        Locator rejectItem = page.locator(
                "#approvals li.approval[data-approval-id='" + toReject.get("id").asLong() + "']");
        approveItem.waitFor();
        assertThat(approveItem.locator("textarea").inputValue())
                .isEqualTo(toApprove.get("text").asString());
        // the hostile name is text here too
        assertThat(approveItem.locator(".meta").textContent()).contains(HOSTILE_NAME);
        screenshot("approvals");

        approveItem.locator("textarea").fill(edited);
        approveItem.locator("button.approve").click();
        approveItem.waitFor(new Locator.WaitForOptions().setState(WaitForSelectorState.DETACHED));
        rejectItem.locator("input").fill("not in character");
        rejectItem.locator("button.reject").click();
        rejectItem.waitFor(new Locator.WaitForOptions().setState(WaitForSelectorState.DETACHED));

        open("/timeline");
        Locator malloryPosts = page.locator("#timeline li.post[data-author=mallory] .text");
        malloryPosts.first().waitFor();
        assertThat(malloryPosts.allTextContents())
                .contains(edited)
                .doesNotContain(
                        toApprove.get("text").asString(), toReject.get("text").asString());
        assertThat(get("/api/approvals?agentId=mallory").findValuesAsString("id"))
                .doesNotContain(
                        toApprove.get("id").asString(), toReject.get("id").asString());
        assertThat(problems).as("console errors").isEmpty();
    }

    /** A post forced now through the API: Mallory's waits for approval. */
    private JsonNode forcedPost(String persona) throws Exception {
        HttpResponse<String> posted = call("POST", "/api/agents/" + persona + "/post", "{\"force\": true}");
        assertThat(posted.statusCode()).as(posted.body()).isEqualTo(202);
        JsonNode item = JSON.readTree(posted.body());
        assertThat(item.get("status").asString()).isEqualTo("awaiting_approval");
        return item;
    }

    @Test
    void the_checklist_shows_what_doctor_checks_per_persona() throws Exception {
        JsonNode checklist = get("/api/checklist");
        assertThat(checklist.get("mode").asString()).isEqualTo("sandbox");
        List<JsonNode> personas = new ArrayList<>();
        checklist.get("personas").forEach(personas::add);
        JsonNode juniper = personas.stream()
                .filter(persona -> persona.get("id").asString().equals("juniper"))
                .findFirst()
                .orElseThrow();
        List<String> names = new ArrayList<>();
        juniper.get("checks").forEach(check -> names.add(check.get("check").asString()));
        assertThat(names).contains("credentials", "ai replies", "read budget", "automation label");
        assertThat(juniper.get("quota").get("dailyPostCap").asInt()).isEqualTo(50);

        open("/checklist");
        page.locator("#checklist[data-loaded=true]").waitFor();
        Locator panel = page.locator("#checklist section[data-persona=juniper]");
        assertThat(panel.locator("tbody tr").count()).isEqualTo(names.size());
        assertThat(panel.locator("tr[data-check='automation label'] td[data-result]")
                        .textContent())
                .isEqualTo(juniper.get("checks")
                        .get(names.indexOf("automation label"))
                        .get("result")
                        .asString());
        assertThat(panel.getAttribute("data-ready"))
                .isEqualTo(juniper.get("ready").asString());
        assertThat(page.locator("#checklist section.panel").count()).isEqualTo(4);
        screenshot("checklist");
        assertThat(problems).as("console errors").isEmpty();
    }

    @Test
    void a_form_posted_to_the_sandbox_from_another_origin_with_the_cookie_is_refused() throws Exception {
        open("/timeline");
        page.locator("#connection[data-state=live]").waitFor();
        List<Cookie> cookies = context.cookies(base());
        assertThat(cookies).anySatisfy(cookie -> {
            assertThat(cookie.name).isEqualTo("puppet_token");
            assertThat(cookie.httpOnly).isTrue();
            assertThat(cookie.sameSite.name()).isEqualTo("STRICT");
        });
        assertThat(page.evaluate("() => document.cookie")).isEqualTo("");

        String text = "forged by another origin";
        String form = "<!doctype html><form id=f method=post enctype=text/plain action='" + base()
                + "/api/sandbox/posts'><input name='{\"author\":\"forger\",\"text\":\"" + text
                + "\",\"x\":\"' value='\"}'>"
                + "</form><script>document.getElementById('f').submit()</script>";
        HttpServer other = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        other.createContext("/", exchange -> {
            byte[] body = form.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        other.start();
        try {
            String otherOrigin = "http://127.0.0.1:" + other.getAddress().getPort();
            assertThat(otherOrigin).isNotEqualTo(base());
            Response refused = page.waitForResponse(
                    response -> response.url().endsWith("/api/sandbox/posts"), () -> page.navigate(otherOrigin + "/"));
            assertThat(refused.request().headerValue("cookie")).contains("puppet_token=");
            assertThat(refused.request().headerValue("origin")).isEqualTo(otherOrigin);
            assertThat(refused.status()).isEqualTo(403);
            assertThat(refused.text()).contains("must come from the dashboard's own page");
        } finally {
            other.stop(0);
        }
        List<String> texts = new ArrayList<>();
        get("/api/sandbox/timeline?limit=200")
                .forEach(post -> texts.add(post.get("text").asString()));
        assertThat(texts).noneMatch(t -> t.contains(text));
    }

    @Test
    void the_persona_page_shows_a_paper_trade_the_limit_that_refused_another_and_the_trade_post() throws Exception {
        PersonaSpec trader = catalog.findPersona(TRADER).orElseThrow();
        Trade filled = desk.getObject()
                .execute(
                        trader,
                        new TradeDecision(
                                TradeDecision.Side.BUY, KnownTokens.BONK_MINT, BigInteger.valueOf(50_000_000)),
                        "bonk looked underpriced at dawn",
                        "dashboard-it:bonk");
        Trade refused = desk.getObject()
                .execute(
                        trader,
                        new TradeDecision(
                                TradeDecision.Side.BUY, KnownTokens.USDC_MINT, BigInteger.valueOf(500_000_000)),
                        "all in on dollars",
                        "dashboard-it:usdc");
        assertThat(filled.status()).as(filled.detail()).isEqualTo(TradeStatus.SIMULATED);
        assertThat(refused.status()).isEqualTo(TradeStatus.REFUSED);
        assertThat(refused.refusedBy()).isEqualTo(TradeLimit.MAX_TRADE_SOL);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> get("/api/posts?agentId=" + TRADER.value())
                        .valueStream()
                        .anyMatch(item -> item.get("status").asString().equals("posted")
                                && item.get("text")
                                        .asString()
                                        .toLowerCase(Locale.ROOT)
                                        .contains("bonk")));

        open("/agents/" + TRADER.value());
        page.locator("#trading:not([hidden]) #trades tbody tr[data-status=refused]")
                .waitFor();
        Locator paper = page.locator("#trades tbody tr[data-status=simulated]");
        assertThat(paper.count()).isGreaterThanOrEqualTo(1);
        assertThat(paper.first().textContent()).contains("0.05 SOL", "BONK", "bonk looked underpriced at dawn");
        assertThat(page.locator("#trades tbody tr[data-status=refused]").first().textContent())
                .contains("0.5 SOL", "USDC", "max_trade_sol", "all in on dollars")
                .doesNotContain("base units");
        assertThat(page.locator("#portfolio").textContent()).contains("simulation (paper portfolio)");
        assertThat(page.locator("#holdings tbody").textContent()).contains("BONK");

        open("/timeline");
        Locator tradePost = page.locator("#timeline li.post[data-author=" + TRADER.value() + "]");
        tradePost.first().waitFor();
        assertThat(tradePost.allTextContents())
                .anyMatch(text -> text.toLowerCase(Locale.ROOT).contains("bonk"));
        open("/agents/" + TRADER.value());
        page.locator("#trades tbody tr").first().waitFor();
        screenshot("persona-trading");
        assertThat(problems).as("console errors").isEmpty();
    }
}
