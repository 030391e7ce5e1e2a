package dev.puppetengine.web.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.puppetengine.persona.PersonaId;
import dev.puppetengine.persona.format.ConfigDirPersonaCatalog;
import dev.puppetengine.persona.format.PersonaDocuments;
import dev.puppetengine.shared.ExternalServiceException;
import dev.puppetengine.shared.SettableClock;
import dev.puppetengine.shared.TestDatabase;
import dev.puppetengine.solana.KnownTokens;
import dev.puppetengine.solana.Portfolio;
import dev.puppetengine.solana.Portfolios;
import dev.puppetengine.solana.TradeDecision.Side;
import dev.puppetengine.solana.TradeLedger;
import dev.puppetengine.solana.TradeLedger.Change;
import dev.puppetengine.solana.TradeLedger.Opening;
import dev.puppetengine.solana.TradeLimit;
import dev.puppetengine.solana.TradeLimits;
import dev.puppetengine.solana.TradeStatus;
import dev.puppetengine.solana.jdbc.JdbcPaperHoldings;
import dev.puppetengine.solana.jdbc.JdbcTradeLedger;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code GET /api/agents/{id}/portfolio} and {@code /trades} over the real JDBC ledger and paper holdings: amounts in
 * base units as strings, symbols of known mints, the limit that refused a decision, a persona that does not trade,
 * a live wallet the node cannot read.
 */
class TradingApiTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final PersonaId COBY = PersonaId.of("coby");

    @TempDir
    Path config;

    private final SettableClock clock = new SettableClock(Instant.parse("2026-12-01T10:00:00Z"));
    private final DataSource database = TestDatabase.inMemory();
    private final TradeLedger ledger = new JdbcTradeLedger(JdbcClient.create(database));
    private final JdbcPaperHoldings paper = new JdbcPaperHoldings(JdbcClient.create(database), clock);
    private final AtomicBoolean nodeDown = new AtomicBoolean();
    private MockMvc mvc;

    @BeforeEach
    void cast() throws IOException {
        Files.writeString(config.resolve("coby.json"), """
                {"id": "coby", "name": "Coby", "description": "trades a little",
                 "solana_integration": {"trading_enabled": true, "wallet_address": ""}}
                """);
        Files.writeString(config.resolve("quiet.json"), """
                {"id": "quiet", "name": "Quiet", "description": "never trades"}
                """);
        var catalog = new ConfigDirPersonaCatalog(config, PersonaDocuments.withSystemEnvironment());
        Portfolios portfolios = persona -> {
            if (nodeDown.get()) {
                throw new ExternalServiceException.Unavailable("solana-rpc", "getBalance answered HTTP 503", null);
            }
            return new Portfolio(
                    persona.id(), true, null, paper.balances(persona.id(), 1_000_000_000L), clock.instant());
        };
        StaticListableBeanFactory beans =
                new StaticListableBeanFactory(Map.of("portfolios", portfolios, "ledger", ledger));
        mvc = ApiMvc.standalone(new TradingController(
                        catalog,
                        beans.getBeanProvider(Portfolios.class),
                        beans.getBeanProvider(TradeLedger.class),
                        clock))
                .build();
    }

    private MvcResult get(String path) throws Exception {
        return mvc.perform(MockMvcRequestBuilders.get(path)).andReturn();
    }

    private static JsonNode json(MvcResult result) throws Exception {
        return JSON.readTree(result.getResponse().getContentAsString());
    }

    /** A buy of BONK filled on paper, then a buy refused by the per-trade maximum, ten minutes later. */
    private void twoTrades() {
        paper.balances(COBY, 1_000_000_000L);
        var filled = ledger.open(
                        new Opening(
                                COBY,
                                "trade-due:coby:1",
                                Side.BUY,
                                TradeLimits.SOL_MINT,
                                KnownTokens.BONK_MINT,
                                BigInteger.valueOf(50_000_000),
                                true,
                                "bonk looked sleepy, so did i"),
                        clock.instant())
                .trade();
        paper.fill(
                COBY,
                TradeLimits.SOL_MINT,
                BigInteger.valueOf(50_000_000),
                KnownTokens.BONK_MINT,
                new BigInteger("123456789012"),
                5,
                5_000);
        ledger.move(
                filled.id(),
                filled.status(),
                new Change(TradeStatus.SIMULATED, new BigInteger("123456789012"), null, ""),
                clock.instant());
        clock.advance(Duration.ofMinutes(10));
        var refused = ledger.open(
                        new Opening(
                                COBY,
                                "trade-due:coby:2",
                                Side.BUY,
                                TradeLimits.SOL_MINT,
                                KnownTokens.USDC_MINT,
                                BigInteger.valueOf(500_000_000),
                                true,
                                "all in"),
                        clock.instant())
                .trade();
        ledger.move(
                refused.id(),
                refused.status(),
                new Change(TradeStatus.REFUSED, null, TradeLimit.MAX_TRADE_SOL, "0.5 SOL is over the 0.1 SOL maximum"),
                clock.instant());
    }

    @Test
    void the_ledger_lists_trades_newest_first_with_the_limit_that_refused_one() throws Exception {
        twoTrades();

        MvcResult result = get("/api/agents/coby/trades");

        assertThat(result.getResponse().getStatus()).isEqualTo(200);
        JsonNode trades = json(result);
        assertThat(trades).hasSize(2);
        JsonNode refused = trades.get(0);
        assertThat(refused.get("status").asString()).isEqualTo("refused");
        assertThat(refused.get("refusedLimit").asString()).isEqualTo("max_trade_sol");
        assertThat(refused.get("detail").asString()).contains("0.1 SOL");
        assertThat(refused.get("outputSymbol").asString()).isEqualTo("USDC");
        assertThat(refused.get("outputDecimals").asInt()).isEqualTo(6);
        assertThat(refused.get("inputDecimals").asInt()).isEqualTo(9);
        assertThat(refused.get("inAmount").asString()).isEqualTo("500000000");
        JsonNode filled = trades.get(1);
        assertThat(filled.get("status").asString()).isEqualTo("simulated");
        assertThat(filled.get("simulated").asBoolean()).isTrue();
        assertThat(filled.get("side").asString()).isEqualTo("buy");
        assertThat(filled.get("inputSymbol").asString()).isEqualTo("SOL");
        assertThat(filled.get("outputMint").asString()).isEqualTo(KnownTokens.BONK_MINT);
        assertThat(filled.get("outAmount").asString()).isEqualTo("123456789012");
        assertThat(filled.get("refusedLimit").isNull()).isTrue();
        assertThat(filled.get("reason").asString()).isEqualTo("bonk looked sleepy, so did i");
        assertThat(json(get("/api/agents/coby/trades?limit=1"))).hasSize(1);
    }

    @Test
    void the_paper_portfolio_shows_sol_and_tokens_in_base_units_and_whole_tokens() throws Exception {
        twoTrades();

        JsonNode portfolio = json(get("/api/agents/coby/portfolio"));

        assertThat(portfolio.get("agentId").asString()).isEqualTo("coby");
        assertThat(portfolio.get("tradingEnabled").asBoolean()).isTrue();
        assertThat(portfolio.get("simulated").asBoolean()).isTrue();
        assertThat(portfolio.get("lamports").asString()).isEqualTo("949995000");
        assertThat(portfolio.get("sol").decimalValue()).isEqualByComparingTo("0.949995");
        assertThat(portfolio.get("tokens")).hasSize(1);
        JsonNode bonk = portfolio.get("tokens").get(0);
        assertThat(bonk.get("symbol").asString()).isEqualTo("BONK");
        assertThat(bonk.get("amount").asString()).isEqualTo("123456789012");
        assertThat(bonk.get("decimals").asInt()).isEqualTo(5);
        assertThat(bonk.get("uiAmount").decimalValue()).isEqualByComparingTo("1234567.89012");
    }

    @Test
    void a_persona_that_does_not_trade_holds_nothing_and_has_no_trades() throws Exception {
        JsonNode portfolio = json(get("/api/agents/quiet/portfolio"));

        assertThat(portfolio.get("tradingEnabled").asBoolean()).isFalse();
        assertThat(portfolio.get("lamports").asString()).isEqualTo("0");
        assertThat(portfolio.get("tokens")).isEmpty();
        assertThat(json(get("/api/agents/quiet/trades"))).isEmpty();
    }

    @Test
    void bad_input_and_a_wallet_the_node_cannot_read_are_problems() throws Exception {
        assertThat(get("/api/agents/nobody/portfolio").getResponse().getStatus())
                .isEqualTo(404);
        assertThat(get("/api/agents/nobody/trades").getResponse().getStatus()).isEqualTo(404);
        MvcResult badLimit = get("/api/agents/coby/trades?limit=0");
        assertThat(badLimit.getResponse().getStatus()).isEqualTo(400);
        assertThat(json(badLimit).toString()).contains("limit");

        nodeDown.set(true);
        MvcResult down = get("/api/agents/coby/portfolio");

        assertThat(down.getResponse().getStatus()).isEqualTo(502);
        assertThat(json(down).get("detail").asString()).contains("could not be read");
    }
}
