package dev.puppetengine.solana;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;
import dev.puppetengine.llm.TestPersonas;
import dev.puppetengine.persona.PersonaId;
import dev.puppetengine.persona.PersonaSpec;
import dev.puppetengine.persona.Secret;
import dev.puppetengine.shared.SettableClock;
import dev.puppetengine.shared.TestDatabase;
import dev.puppetengine.solana.TradeDecision.Side;
import dev.puppetengine.solana.jdbc.JdbcTestStores;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.sol4k.Base58;
import org.sol4k.Keypair;
import org.sol4k.TransactionMessage;
import org.sol4k.VersionedTransaction;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The trade desk on a real H2 ledger: paper fills against the sandbox market, and live swaps against one WireMock
 * speaking Jupiter ({@code /swap/v1}) and Solana JSON-RPC ({@code /}), with recovery after a send that may not
 * have happened.
 */
@ExtendWith(OutputCaptureExtension.class)
class TraderTest {

    static final WireMockServer server = new WireMockServer(options().dynamicPort());
    private static final DataSource DATABASE = TestDatabase.inMemory();
    private static final String BONK = KnownTokens.BONK_MINT;
    private static final String SOL = TradeLimits.SOL_MINT;
    private static final String JUPITER_KEY = "jup-test-key-5f1c9a";
    private static final java.util.concurrent.atomic.AtomicInteger PERSONAS =
            new java.util.concurrent.atomic.AtomicInteger();

    private static final String TEST_RUN =
            java.util.UUID.randomUUID().toString().substring(0, 6);
    private final SettableClock clock = new SettableClock(Instant.parse("2026-12-01T12:00:00Z"));
    private final TradeLedger ledger = JdbcTestStores.ledger(DATABASE);
    private final PaperHoldings paper = JdbcTestStores.paper(DATABASE, clock);
    private final List<Trade> fills = new ArrayList<>();
    private final List<TradeFillListener> listeners = new ArrayList<>(List.of((persona, trade) -> fills.add(trade)));
    private final Keypair keypair = SolanaFixtures.keypair();
    private final String secret = SolanaFixtures.base58Secret(keypair);
    private final Map<String, String> env = new HashMap<>();
    private final Map<PersonaId, PersonaSpec> catalog = new HashMap<>();
    private SolanaClients clients;
    private String signature = "";

    @BeforeAll
    static void start() {
        server.start();
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    @BeforeEach
    void clients() {
        server.resetAll();
        SolanaClients http = SolanaRpcClientTest.clients(
                URI.create(server.baseUrl()), URI.create(server.baseUrl() + "/swap/v1"), Secret.of(JUPITER_KEY));
        clients = new SolanaClients(
                http.rpc(),
                http.jupiter(),
                new SwapExecution(
                        http.jupiter(),
                        http.rpc(),
                        clock,
                        clock::advance,
                        Duration.ofSeconds(10),
                        Duration.ofSeconds(2)));
    }

    private Trader trader(boolean liveTrading, boolean sandboxMarket) {
        Market market = sandboxMarket ? new SandboxMarket(clock) : clients.jupiter()::quote;
        return new Trader(
                ledger,
                paper,
                market,
                sandboxMarket,
                liveTrading,
                () -> clients,
                new TransactionTemplate(new DataSourceTransactionManager(DATABASE)),
                clock,
                () -> listeners,
                id -> Optional.ofNullable(catalog.get(id)),
                env::get,
                new SimpleMeterRegistry());
    }

    /** A trading persona with a fresh id; {@code solana} and {@code autonomy} add to its blocks. */
    private PersonaSpec persona(Map<String, Object> solana, Map<String, Object> autonomy) {
        PersonaSpec base = TestPersonas.persona("trader-" + PERSONAS.incrementAndGet() + "-" + TEST_RUN)
                .build();
        Map<String, Object> integration = new HashMap<>(Map.of("trading_enabled", true));
        integration.putAll(solana);
        PersonaSpec.Behaviour behaviour = base.behaviour();
        PersonaSpec persona = new PersonaSpec(
                base.id(),
                base.name(),
                base.description(),
                base.llmProvider(),
                base.llmConfig(),
                base.twitterCredentials(),
                base.customSystemPrompt(),
                base.rotatingSystemPrompts(),
                base.personality(),
                base.styleGuide(),
                base.initialMemory(),
                new PersonaSpec.Behaviour(
                        behaviour.postFrequency(),
                        behaviour.interactionPatterns(),
                        behaviour.contentPreferences(),
                        Map.of(),
                        integration,
                        Map.of("autonomy_rules", autonomy)),
                base.postProcessing(),
                base.examples(),
                true);
        catalog.put(persona.id(), persona);
        return persona;
    }

    private static TradeDecision buy(long lamports) {
        return new TradeDecision(Side.BUY, BONK, BigInteger.valueOf(lamports));
    }

    @Nested
    class Simulated {

        @Test
        void a_buy_fills_the_paper_portfolio_with_the_quote_and_a_fee_and_tells_the_listeners() {
            PersonaSpec persona = persona(Map.of(), Map.of());

            Trade trade = trader(false, true)
                    .execute(persona, buy(50_000_000), "cheap dog", persona.id().value() + ":k1");

            assertThat(trade.status()).isEqualTo(TradeStatus.SIMULATED);
            assertThat(trade.simulated()).isTrue();
            assertThat(trade.reason()).isEqualTo("cheap dog");
            assertThat(trade.detail()).isEmpty();
            assertThat(trade.outAmount()).isPositive();
            WalletBalances after = paper.balances(persona.id(), 0);
            assertThat(after.lamports()).isEqualTo(1_000_000_000L - 50_000_000 - Trader.SIMULATED_FEE_LAMPORTS);
            assertThat(after.held(BONK)).isEqualTo(trade.outAmount());
            assertThat(after.findToken(BONK).orElseThrow().decimals()).isEqualTo(5);
            assertThat(fills).containsExactly(trade);
        }

        @Test
        void a_key_seen_before_returns_its_row_and_does_nothing_again() {
            PersonaSpec persona = persona(Map.of(), Map.of());
            Trader trader = trader(false, true);
            Trade first =
                    trader.execute(persona, buy(50_000_000), "", persona.id().value() + ":again");

            Trade second =
                    trader.execute(persona, buy(70_000_000), "", persona.id().value() + ":again");

            assertThat(second).isEqualTo(first);
            assertThat(fills).hasSize(1);
            assertThat(paper.balances(persona.id(), 0).lamports()).isEqualTo(949_995_000L);
        }

        @Test
        void a_sell_of_what_is_held_returns_sol_and_a_sell_of_more_is_refused() {
            PersonaSpec persona = persona(Map.of("paper_balance_sol", 2), Map.of());
            Trader trader = trader(false, true);
            Trade bought =
                    trader.execute(persona, buy(80_000_000), "", persona.id().value() + ":b");
            BigInteger held = java.util.Objects.requireNonNull(bought.outAmount());

            Trade tooMuch = trader.execute(
                    persona,
                    new TradeDecision(Side.SELL, BONK, held.add(BigInteger.ONE)),
                    "",
                    persona.id().value() + ":s1");
            Trade sold = trader.execute(
                    persona,
                    new TradeDecision(Side.SELL, BONK, held),
                    "",
                    persona.id().value() + ":s2");

            assertThat(tooMuch.status()).isEqualTo(TradeStatus.REFUSED);
            assertThat(tooMuch.refusedBy()).isEqualTo(TradeLimit.NOT_HELD);
            assertThat(sold.status()).isEqualTo(TradeStatus.SIMULATED);
            assertThat(sold.inputMint()).isEqualTo(BONK);
            assertThat(sold.outputMint()).isEqualTo(SOL);
            WalletBalances after = paper.balances(persona.id(), 0);
            assertThat(after.tokens()).isEmpty();
            assertThat(after.lamports())
                    .isEqualTo(2_000_000_000L
                            - 80_000_000
                            + java.util.Objects.requireNonNull(sold.outAmount()).longValueExact()
                            - 2 * 5_000);
        }

        @Test
        void a_trade_beyond_a_limit_is_refused_with_the_limit_and_nothing_moves() {
            PersonaSpec persona = persona(Map.of(), Map.of("max_daily_trades", 1));
            Trader trader = trader(false, true);

            Trade tooBig =
                    trader.execute(persona, buy(200_000_000), "", persona.id().value() + ":big");
            Trade first =
                    trader.execute(persona, buy(10_000_000), "", persona.id().value() + ":one");
            Trade second =
                    trader.execute(persona, buy(10_000_000), "", persona.id().value() + ":two");

            assertThat(tooBig.status()).isEqualTo(TradeStatus.REFUSED);
            assertThat(tooBig.refusedBy()).isEqualTo(TradeLimit.MAX_TRADE_SOL);
            assertThat(tooBig.detail()).contains("at most 0.1");
            assertThat(first.status()).isEqualTo(TradeStatus.SIMULATED);
            assertThat(second.refusedBy()).isEqualTo(TradeLimit.MAX_DAILY_TRADES);
            assertThat(fills).containsExactly(first);
            assertThat(paper.balances(persona.id(), 0).lamports()).isEqualTo(989_995_000L);
        }

        @Test
        void a_failing_listener_does_not_undo_the_fill() {
            listeners.addFirst((persona, trade) -> {
                throw new IllegalStateException("post path down");
            });
            PersonaSpec persona = persona(Map.of(), Map.of());

            Trade trade = trader(false, true)
                    .execute(persona, buy(10_000_000), "", persona.id().value() + ":k");

            assertThat(trade.status()).isEqualTo(TradeStatus.SIMULATED);
            assertThat(ledger.find(trade.id()).orElseThrow().status()).isEqualTo(TradeStatus.SIMULATED);
            assertThat(fills).containsExactly(trade);
        }

        @Test
        void a_persona_live_without_the_global_switch_trades_on_paper() {
            PersonaSpec persona = persona(Map.of("live_trading", true), Map.of());

            Trade trade = trader(false, true)
                    .execute(persona, buy(10_000_000), "", persona.id().value() + ":k");

            assertThat(trade.status()).isEqualTo(TradeStatus.SIMULATED);
            server.verify(0, postRequestedFor(urlEqualTo("/")));
        }

        @Test
        void live_trading_on_the_sandbox_market_fails_and_is_never_faked() {
            PersonaSpec persona = persona(Map.of("live_trading", true), Map.of());

            Trade trade = trader(true, true)
                    .execute(persona, buy(10_000_000), "", persona.id().value() + ":k");

            assertThat(trade.status()).isEqualTo(TradeStatus.FAILED);
            assertThat(trade.simulated()).isFalse();
            assertThat(trade.detail()).contains("puppet.solana.market is sandbox");
            assertThat(fills).isEmpty();
        }
    }

    @Nested
    class Live {

        private PersonaSpec persona;

        @BeforeEach
        void wallet() {
            persona = persona(Map.of("live_trading", true), Map.of());
            env.put("SOLANA_PRIVATE_KEY_" + persona.id().envSuffix(), secret);
            TransactionMessage message = SolanaFixtures.swapMessage(keypair.getPublicKey());
            VersionedTransaction bySol4k = new VersionedTransaction(message);
            bySol4k.sign(keypair);
            signature = Base58.encode(Arrays.copyOfRange(bySol4k.serialize(), 1, 65));
            server.stubFor(get(urlPathEqualTo("/swap/v1/quote"))
                    .willReturn(okJson(SolanaFixtures.quoteJson(SOL, BONK, 50_000_000, 4_200_000_000L, 50, "0.001"))));
            String unsigned = Base64.getEncoder().encodeToString(SolanaFixtures.unsigned(message, 1));
            server.stubFor(
                    post(urlEqualTo("/swap/v1/swap")).willReturn(okJson(JupiterClientTest.swapResponse(unsigned))));
            SolanaRpcClientTest.answers(server, "getBalance", "{\"context\":{\"slot\":1},\"value\":1000000000}");
            SolanaRpcClientTest.answers(server, "getTokenAccountsByOwner", "{\"context\":{\"slot\":1},\"value\":[]}");
            SolanaRpcClientTest.answers(server, "sendTransaction", "\"" + signature + "\"");
            SolanaRpcClientTest.answers(server, "getBlockHeight", "279632000");
        }

        private void status(String json) {
            SolanaRpcClientTest.answers(
                    server, "getSignatureStatuses", "{\"context\":{\"slot\":2},\"value\":[" + json + "]}");
        }

        private static final String CONFIRMED = "{\"slot\":341197245,\"confirmations\":3,\"err\":null,"
                + "\"status\":{\"Ok\":null},\"confirmationStatus\":\"confirmed\"}";

        @Test
        void a_buy_is_signed_by_the_wallet_sent_once_and_confirmed_and_the_key_appears_nowhere(CapturedOutput output) {
            status(CONFIRMED);

            Trade trade = trader(true, false)
                    .execute(persona, buy(50_000_000), "moon", persona.id().value() + ":live-1");

            assertThat(trade.status()).isEqualTo(TradeStatus.CONFIRMED);
            assertThat(trade.simulated()).isFalse();
            assertThat(trade.signature()).isEqualTo(signature);
            assertThat(trade.outAmount()).isEqualTo(BigInteger.valueOf(4_200_000_000L));
            assertThat(fills).containsExactly(trade);
            server.verify(1, rpc("sendTransaction"));
            server.verify(
                    1,
                    getRequestedFor(urlPathEqualTo("/swap/v1/quote"))
                            .withQueryParam("amount", equalTo("50000000"))
                            .withQueryParam("slippageBps", equalTo("50")));
            assertThat(output.getAll()).doesNotContain(secret).doesNotContain(JUPITER_KEY);
            assertThat(ledger.recent(persona.id(), 5).toString())
                    .doesNotContain(secret)
                    .doesNotContain(JUPITER_KEY);
            server.verify(
                    getRequestedFor(urlPathEqualTo("/swap/v1/quote")).withHeader("x-api-key", equalTo(JUPITER_KEY)));
            assertThat(server.getAllServeEvents().toString()).doesNotContain(secret);
        }

        @Test
        void an_error_from_jupiter_fails_the_trade_with_a_detail_and_sends_nothing() {
            server.stubFor(post(urlEqualTo("/swap/v1/swap"))
                    .willReturn(aResponse().withStatus(503).withBody("busy")));

            Trade trade = trader(true, false)
                    .execute(persona, buy(50_000_000), "", persona.id().value() + ":live-2");

            assertThat(trade.status()).isEqualTo(TradeStatus.FAILED);
            assertThat(trade.detail()).contains("swap answered 503");
            assertThat(trade.signature()).isNull();
            server.verify(0, rpc("sendTransaction"));
            assertThat(fills).isEmpty();
        }

        @Test
        void a_transaction_the_node_refuses_is_failed() {
            server.stubFor(post(urlEqualTo("/"))
                    .withRequestBody(matchingJsonPath("$.method", equalTo("sendTransaction")))
                    .willReturn(okJson("{\"jsonrpc\":\"2.0\",\"error\":{\"code\":-32002,\"message\":"
                            + "\"Transaction simulation failed: insufficient funds\"},\"id\":1}")));

            Trade trade = trader(true, false)
                    .execute(persona, buy(50_000_000), "", persona.id().value() + ":live-3");

            assertThat(trade.status()).isEqualTo(TradeStatus.FAILED);
            assertThat(trade.detail()).contains("insufficient funds");
            assertThat(trade.signature()).isEqualTo(signature);
            assertThat(trader(true, false).recover()).isZero();
        }

        @Test
        void a_swap_unconfirmed_in_time_is_confirmed_by_recovery_and_then_told() {
            status("null");
            Trader trader = trader(true, false);

            Trade trade =
                    trader.execute(persona, buy(50_000_000), "", persona.id().value() + ":live-4");

            assertThat(trade.status()).isEqualTo(TradeStatus.UNCONFIRMED);
            assertThat(fills).isEmpty();
            status(CONFIRMED);
            assertThat(trader.recover()).isEqualTo(1);
            assertThat(ledger.find(trade.id()).orElseThrow().status()).isEqualTo(TradeStatus.CONFIRMED);
            assertThat(fills).extracting(Trade::id).containsExactly(trade.id());
            server.verify(1, rpc("sendTransaction"));
            server.verify(
                    1,
                    postRequestedFor(urlEqualTo("/"))
                            .withRequestBody(matchingJsonPath("$.method", equalTo("getSignatureStatuses")))
                            .withRequestBody(
                                    matchingJsonPath("$.params[1].searchTransactionHistory", equalTo("true"))));
        }

        @Test
        void a_sent_swap_not_found_stays_until_its_blockhash_expired_then_fails_without_a_resend() {
            status("null");
            Trader trader = trader(true, false);
            Trade trade =
                    trader.execute(persona, buy(50_000_000), "", persona.id().value() + ":live-5");

            assertThat(trader.recover()).isZero();
            assertThat(ledger.find(trade.id()).orElseThrow().status()).isEqualTo(TradeStatus.UNCONFIRMED);
            SolanaRpcClientTest.answers(server, "getBlockHeight", "279632476");
            assertThat(trader.recover()).isEqualTo(1);

            Trade expired = ledger.find(trade.id()).orElseThrow();
            assertThat(expired.status()).isEqualTo(TradeStatus.FAILED);
            assertThat(expired.detail()).startsWith("expired").contains("279632475");
            server.verify(1, rpc("sendTransaction"));
            assertThat(fills).isEmpty();
        }

        @Test
        void a_swap_signed_but_not_known_sent_is_sent_again_byte_for_byte_after_a_status_check_never_signed_twice() {
            server.stubFor(post(urlEqualTo("/"))
                    .withRequestBody(matchingJsonPath("$.method", equalTo("sendTransaction")))
                    .willReturn(aResponse().withStatus(502).withBody("bad gateway")));
            status("null");
            Trader trader = trader(true, false);
            Trade trade =
                    trader.execute(persona, buy(50_000_000), "", persona.id().value() + ":live-6");
            assertThat(trade.status()).isEqualTo(TradeStatus.SIGNED);
            String firstSent = sentTransactions().getFirst();

            // A restarted engine: a new desk on the same ledger.
            SolanaRpcClientTest.answers(server, "sendTransaction", "\"" + signature + "\"");
            Trader restarted = trader(true, false);
            assertThat(restarted.recover()).isEqualTo(1);
            assertThat(ledger.find(trade.id()).orElseThrow().status()).isEqualTo(TradeStatus.SENT);
            assertThat(restarted.recover()).isZero();
            status(CONFIRMED);
            assertThat(restarted.recover()).isEqualTo(1);

            assertThat(ledger.find(trade.id()).orElseThrow().status()).isEqualTo(TradeStatus.CONFIRMED);
            assertThat(sentTransactions()).hasSize(2).containsOnly(firstSent);
            server.verify(1, postRequestedFor(urlEqualTo("/swap/v1/swap")));
            assertThat(fills).extracting(Trade::id).containsExactly(trade.id());
        }

        @Test
        void a_signed_swap_whose_blockhash_expired_before_any_send_is_failed_not_sent() {
            server.stubFor(post(urlEqualTo("/"))
                    .withRequestBody(matchingJsonPath("$.method", equalTo("sendTransaction")))
                    .willReturn(aResponse().withStatus(503)));
            status("null");
            Trade trade = trader(true, false)
                    .execute(persona, buy(50_000_000), "", persona.id().value() + ":live-7");
            SolanaRpcClientTest.answers(server, "getBlockHeight", "279700000");

            assertThat(trader(true, false).recover()).isEqualTo(1);

            assertThat(ledger.find(trade.id()).orElseThrow().status()).isEqualTo(TradeStatus.FAILED);
            server.verify(1, rpc("sendTransaction"));
        }

        @Test
        void the_key_may_come_from_a_solana_cli_keypair_file_instead(@TempDir Path dir) throws IOException {
            env.clear();
            status(CONFIRMED);
            Path file = dir.resolve("id.json");
            StringJoiner bytes = new StringJoiner(",", "[", "]");
            for (byte b : Base58.decode(secret)) {
                bytes.add(Integer.toString(b & 0xff));
            }
            Files.writeString(file, bytes.toString());
            PersonaSpec fromFile = persona(Map.of("live_trading", true, "keypair_file", file.toString()), Map.of());

            Trade trade = trader(true, false)
                    .execute(fromFile, buy(50_000_000), "moon", fromFile.id().value() + ":live-file");

            assertThat(trade.status()).as(trade.detail()).isEqualTo(TradeStatus.CONFIRMED);
            assertThat(trade.signature()).isEqualTo(signature);
            server.verify(1, rpc("sendTransaction"));
        }

        @Test
        void a_missing_wallet_key_fails_naming_the_variable() {
            env.clear();

            Trade trade = trader(true, false)
                    .execute(persona, buy(50_000_000), "", persona.id().value() + ":live-8");

            assertThat(trade.status()).isEqualTo(TradeStatus.FAILED);
            assertThat(trade.detail())
                    .contains("SOLANA_PRIVATE_KEY_" + persona.id().envSuffix());
            server.verify(0, postRequestedFor(urlEqualTo("/swap/v1/swap")));
        }

        private List<String> sentTransactions() {
            return server.findAll(rpc("sendTransaction")).stream()
                    .map(request -> request.getBodyAsString().replaceAll("(?s).*\"params\":\\[\"([^\"]+)\".*", "$1"))
                    .toList();
        }

        private RequestPatternBuilder rpc(String method) {
            return postRequestedFor(urlEqualTo("/")).withRequestBody(matchingJsonPath("$.method", equalTo(method)));
        }
    }
}
