package dev.puppetengine.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;
import dev.puppetengine.llm.WireFormats;
import dev.puppetengine.shared.DatabaseUrlDefaults;
import dev.puppetengine.solana.SolanaFixtures;
import dev.puppetengine.solana.TradeLimits;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.sol4k.Base58;
import org.sol4k.Keypair;
import org.sol4k.VersionedTransaction;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Issue 14, done-when 5: a real engine trading live (both switches on, its wallet key from
 * {@code SOLANA_PRIVATE_KEY_<ID>}, Jupiter and the RPC node a WireMock speaking their formats) is killed with SIGKILL
 * once its swap was sent and before it was confirmed; restarted on the same data dir, it confirms the trade from the
 * signature's status, never sends it again, and posts about it once. The trade comes from the persona's own trading
 * schedule (its first slot, 1 to 5 persona minutes after the start); the model is an OpenAI-compatible WireMock that
 * always decides to buy, so no hold of a model's own choosing pushes the trade to a later slot. The key appears in no
 * log.
 */
class TradeKillIT {

    /** The first trading slot, 1 to 5 persona minutes out, comes 1 to 5 s after the start. */
    private static final double SPEED = 60;

    private static final List<String> JVM = List.of("-Xmx512m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");
    private static final Duration SETTLE = Duration.ofMinutes(3);
    private static final String PENDING = "null";
    private static final String CONFIRMED = "{\"slot\":341197245,\"confirmations\":3,\"err\":null,"
            + "\"status\":{\"Ok\":null},\"confirmationStatus\":\"confirmed\"}";

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path root;

    private final WireMockServer solana = new WireMockServer(options().dynamicPort());
    private final WireMockServer llm =
            new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
    private final Keypair keypair = SolanaFixtures.keypair();
    private final String secret = SolanaFixtures.base58Secret(keypair);

    @BeforeEach
    void start() {
        llm.start();
        // texts get a plain answer (the trade post its own, or the output policy refuses a duplicate), other structured
        // calls an empty object (their safe defaults), the trade decision a buy
        llm.stubFor(post(urlEqualTo("/v1/chat/completions"))
                .willReturn(completion("a small bag of BONK, sized so a bad day is only a bad day")));
        llm.stubFor(post(urlEqualTo("/v1/chat/completions"))
                .withRequestBody(containing("a trade you just made"))
                .willReturn(completion("bought a little BONK today; the bag stays small, the hopes too")));
        llm.stubFor(post(urlEqualTo("/v1/chat/completions"))
                .withRequestBody(containing("response_format"))
                .willReturn(completion("{}")));
        llm.stubFor(post(urlEqualTo("/v1/chat/completions"))
                .withRequestBody(containing("It is your time to trade"))
                .willReturn(completion("{\"action\": \"buy\", \"mint\": \"" + SolanaFixtures.BONK
                        + "\", \"amount\": 0.02, \"reason\": \"a small bag, as always\"}")));
        solana.start();
        String quote = SolanaFixtures.quoteJson(
                        TradeLimits.SOL_MINT, SolanaFixtures.BONK, 111_111_111, 4_200_000_000L, 50, "0.001")
                .replace("\"111111111\"", "\"{{request.query.amount}}\"");
        solana.stubFor(
                get(urlPathEqualTo("/swap/v1/quote")).willReturn(okJson(quote).withTransformers("response-template")));
        String unsigned = Base64.getEncoder()
                .encodeToString(SolanaFixtures.unsigned(SolanaFixtures.swapMessage(keypair.getPublicKey()), 1));
        solana.stubFor(post(urlEqualTo("/swap/v1/swap"))
                .willReturn(okJson("{\"swapTransaction\":\"" + unsigned + "\",\"lastValidBlockHeight\":279632475,"
                        + "\"prioritizationFeeLamports\":9999,\"computeUnitLimit\":388876,"
                        + "\"dynamicSlippageReport\":null,\"simulationError\":null}")));
        answers("getBalance", "{\"context\":{\"slot\":1},\"value\":1000000000}");
        answers("getTokenAccountsByOwner", "{\"context\":{\"slot\":1},\"value\":[]}");
        answers("getBlockHeight", "279632000");
        status(PENDING);
        // Ed25519 is deterministic: the wallet's signature of Jupiter's message is the one the engine will send.
        VersionedTransaction signed = new VersionedTransaction(SolanaFixtures.swapMessage(keypair.getPublicKey()));
        signed.sign(keypair);
        answers("sendTransaction", "\"" + Base58.encode(Arrays.copyOfRange(signed.serialize(), 1, 65)) + "\"");
    }

    @AfterEach
    void stop() {
        solana.stop();
        llm.stop();
    }

    private static ResponseDefinitionBuilder completion(String content) {
        return aResponse()
                .withHeader("Content-Type", "application/json")
                .withBody(WireFormats.openAiCompletion(content, 200, 20, 0));
    }

    @Test
    void a_swap_sent_before_a_kill_is_confirmed_after_the_restart_and_never_sent_twice() throws Exception {
        Path config = Files.createDirectories(root.resolve("agents"));
        Files.writeString(config.resolve("trader.json"), persona());
        Path dataDir = root.resolve("data");
        Map<String, String> env = new HashMap<>();
        env.put("PUPPET_MEMORY_EMBEDDER", "hashing");
        env.put("PUPPET_SOLANA_LIVETRADING", "true");
        env.put("PUPPET_SOLANA_MARKET", "jupiter");
        env.put("SOLANA_RPC_URL", solana.baseUrl() + "/");
        env.put("JUPITER_API_URL", solana.baseUrl() + "/swap/v1");
        env.put("SOLANA_PRIVATE_KEY_TRADER", secret);
        env.put("OPENAI_API_KEY", "sk-test-0123456789abcdefghijklmnop");
        env.put("OPENAI_BASE_URL", llm.baseUrl() + "/v1");

        try (EngineProcess engine = EngineProcess.start(config, dataDir, root.resolve("run-0.log"), SPEED, JVM, env)) {
            await().atMost(SETTLE)
                    .pollInterval(Duration.ofMillis(20))
                    .until(() -> !solana.findAll(rpc("sendTransaction")).isEmpty());
            engine.kill();
        }
        status(CONFIRMED);

        JsonNode trade;
        try (EngineProcess engine = EngineProcess.start(config, dataDir, root.resolve("run-1.log"), SPEED, JVM, env)) {
            trade = await().atMost(SETTLE)
                    .pollInterval(Duration.ofMillis(200))
                    .until(
                            () -> engine.get("/api/agents/trader/trades?limit=50")
                                    .path(0),
                            node -> node.path("status").asString("").equals("confirmed"));
            long tradeId = trade.path("id").asLong();
            await().atMost(SETTLE)
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> engine.log().contains("posts about trade " + tradeId + " "));
            assertThat(engine.terminate(Duration.ofMinutes(1))).isZero();
        }

        assertThat(trade.path("simulated").asBoolean(true)).isFalse();
        assertThat(trade.path("signature").asString("")).isNotEmpty();
        assertThat(solana.findAll(rpc("sendTransaction")))
                .as("sendTransaction calls")
                .hasSize(1);
        assertThat(solana.findAll(postRequestedFor(urlEqualTo("/swap/v1/swap"))))
                .as("swaps signed")
                .hasSize(1);
        JdbcClient database = database(dataDir);
        assertThat(database.sql("SELECT COUNT(*) FROM trade_ledger WHERE signature IS NOT NULL")
                        .query(Integer.class)
                        .single())
                .as("rows with a signed swap")
                .isEqualTo(1);
        assertThat(database.sql("SELECT COUNT(*) FROM outbox WHERE idempotency_key = ?")
                        .param("trade:" + trade.path("id").asLong())
                        .query(Integer.class)
                        .single())
                .as("trade posts")
                .isEqualTo(1);
        for (String log : List.of("run-0.log", "run-1.log")) {
            assertThat(Files.readString(root.resolve(log))).as(log).doesNotContain(secret);
        }
    }

    /** A trader whose day is around noon now (so the test stays within one trading day), live on BONK. */
    private static String persona() {
        int offset = 12 - Instant.now().atZone(ZoneOffset.UTC).getHour();
        return """
                {
                  "id": "trader",
                  "name": "Tara Trader",
                  "description": "A careful degen who buys small bags of dog coins and writes about it.",
                  "llm_provider": "openai",
                  "personality": {
                    "traits": ["careful", "wry"],
                    "values": ["discipline"],
                    "speaking_style": "short, dry",
                    "interests": ["solana", "memecoins", "risk"]
                  },
                  "behavior": {
                    "post_frequency": {
                      "min_hours_between_posts": 48,
                      "max_hours_between_posts": 96,
                      "timezone": "%s"
                    },
                    "trading_behavior": {
                      "trading_frequency": {"min_hours_between_trades": 0.05, "max_hours_between_trades": 0.1},
                      "allowed_tokens": {"always_tradable": ["%s"]}
                    }
                  },
                  "solana_integration": {"trading_enabled": true, "live_trading": true},
                  "agent_kit_integration": {"autonomy_rules": {"max_daily_trades": 1}},
                  "is_active": true
                }
                """.formatted(ZoneOffset.ofHours(offset).getId(), SolanaFixtures.BONK);
    }

    private void answers(String method, String result) {
        solana.stubFor(post(urlEqualTo("/"))
                .withRequestBody(matchingJsonPath("$.method", equalTo(method)))
                .willReturn(okJson("{\"jsonrpc\":\"2.0\",\"result\":" + result + ",\"id\":1}")));
    }

    private void status(String value) {
        answers("getSignatureStatuses", "{\"context\":{\"slot\":2},\"value\":[" + value + "]}");
    }

    private static RequestPatternBuilder rpc(String method) {
        return postRequestedFor(urlEqualTo("/")).withRequestBody(matchingJsonPath("$.method", equalTo(method)));
    }

    private static JdbcClient database(Path dataDir) {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL(DatabaseUrlDefaults.h2Url(dataDir));
        return JdbcClient.create(h2);
    }
}
