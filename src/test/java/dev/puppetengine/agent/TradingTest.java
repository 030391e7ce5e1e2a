package dev.puppetengine.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.puppetengine.llm.CallType;
import dev.puppetengine.llm.Generation;
import dev.puppetengine.llm.GenerationRequest;
import dev.puppetengine.llm.LanguageModel;
import dev.puppetengine.llm.LanguageModels;
import dev.puppetengine.llm.ScriptedLanguageModel;
import dev.puppetengine.llm.Structured;
import dev.puppetengine.llm.offline.OfflineComposer;
import dev.puppetengine.persona.PersonaId;
import dev.puppetengine.persona.PersonaSpec;
import dev.puppetengine.shared.SettableClock;
import dev.puppetengine.shared.TestDatabase;
import dev.puppetengine.social.Post;
import dev.puppetengine.solana.KnownTokens;
import dev.puppetengine.solana.Portfolio;
import dev.puppetengine.solana.Portfolios;
import dev.puppetengine.solana.TokenBalance;
import dev.puppetengine.solana.Trade;
import dev.puppetengine.solana.TradeDecision;
import dev.puppetengine.solana.TradeDesk;
import dev.puppetengine.solana.TradeLedger;
import dev.puppetengine.solana.TradeLimit;
import dev.puppetengine.solana.TradeLimits;
import dev.puppetengine.solana.TradeStatus;
import dev.puppetengine.solana.WalletBalances;
import dev.puppetengine.solana.jdbc.JdbcTradeLedger;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** A trading persona's decision at its slot and its trade posts, on the offline composer and real stores. */
class TradingTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final PersonaId TRADER = PersonaId.of("trader");
    private static final PersonaId JUNIPER = PersonaId.of("juniper");
    private static final String USDC = KnownTokens.USDC_MINT;
    private static final String BONK = KnownTokens.BONK_MINT;
    private static final String ELSEWHERE = "9xQeWvG816bUx9EPjHmaT23yvVM2ZWbrrpZb9PusVFin";

    private final SettableClock clock = new SettableClock(Instant.parse("2026-11-25T08:00:00Z"));
    private final DataSource database = TestDatabase.inMemory();
    private final TradeLedger ledger = new JdbcTradeLedger(JdbcClient.create(database));
    private final PaperDesk desk = new PaperDesk();

    @TempDir
    Path configDir;

    @SuppressWarnings("NullAway.Init")
    private EngineFixture fixture;

    @SuppressWarnings("NullAway.Init")
    private EngineFixture.Wiring steps;

    private static ObjectNode trader(double tweetProbability) {
        try {
            ObjectNode persona =
                    (ObjectNode) JSON.readTree(Files.readString(EngineFixture.SAMPLE_CAST.resolve("juniper.json")));
            persona.put("id", "trader");
            persona.put("name", "Tilly Trader");
            persona.set(
                    "solana_integration",
                    JSON.valueToTree(Map.of(
                            "trading_enabled",
                            true,
                            "trade_safety",
                            Map.of("max_trade_amount_sol", 0.1, "min_wallet_balance_sol", 0.05))));
            ObjectNode behavior = (ObjectNode) persona.get("behavior");
            behavior.set(
                    "trading_behavior",
                    JSON.valueToTree(Map.of(
                            "trading_frequency",
                            Map.of(
                                    "min_hours_between_trades",
                                    1,
                                    "max_hours_between_trades",
                                    4,
                                    "random_probability",
                                    0.3),
                            "trade_tweet_probability",
                            tweetProbability,
                            "allowed_tokens",
                            Map.of(
                                    "always_tradable",
                                    List.of(TradeLimits.SOL_MINT, USDC, BONK),
                                    "blacklist",
                                    List.of(BONK),
                                    "consider_trending",
                                    true))));
            return persona;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void castWith(ObjectNode trader) throws IOException {
        Files.copy(EngineFixture.SAMPLE_CAST.resolve("juniper.json"), configDir.resolve("juniper.json"));
        Files.writeString(configDir.resolve("trader.json"), JSON.writeValueAsString(trader));
        fixture = new EngineFixture(clock, database, configDir);
    }

    private Trading trading(LanguageModels models) {
        return trading(models, true);
    }

    private Trading trading(LanguageModels models, boolean tradingOn) {
        steps = fixture.wire(models);
        desk.posts = new TradePosts(
                steps.engine(), new dev.puppetengine.agent.jdbc.JdbcDecisionLog(JdbcClient.create(database)), clock);
        return new Trading(
                steps.engine(),
                fixture.states(),
                steps.prompts(),
                new dev.puppetengine.llm.StructuredDecisions(models),
                dev.puppetengine.llm.CallSampling.defaultsOnly(),
                () -> desk,
                () -> desk,
                ledger,
                new dev.puppetengine.agent.jdbc.JdbcDecisionLog(JdbcClient.create(database)),
                new SplittableRandom(5),
                clock,
                tradingOn);
    }

    private Trading offline() {
        return trading(LanguageModels.offlineOnly(new OfflineComposer()));
    }

    private List<Decision> tradeDecisions(PersonaId persona) {
        return fixture.decisions(persona).stream()
                .filter(d -> d.kind() == Decision.Kind.TRADE)
                .toList();
    }

    @Nested
    class At_a_trading_slot {

        @BeforeEach
        void cast() throws IOException {
            castWith(trader(1.0));
            fixture.ensureStates();
        }

        @Test
        void the_persona_decides_trades_through_the_desk_and_logs_it() {
            Trading trading = offline();
            Instant slot = clock.instant();

            Optional<Instant> next = trading.tradeDue(TRADER, slot);
            for (int i = 0; i < 6; i++) {
                clock.advance(Duration.ofHours(5));
                trading.tradeDue(TRADER, clock.instant());
            }

            assertThat(next)
                    .hasValueSatisfying(at ->
                            assertThat(at).isBetween(slot.plus(Duration.ofHours(1)), slot.plus(Duration.ofHours(4))));
            assertThat(tradeDecisions(TRADER))
                    .hasSize(7)
                    .allSatisfy(decision -> assertThat(decision.reason()).contains("no trending source"));
            assertThat(desk.executed).isNotEmpty().allSatisfy(call -> {
                assertThat(call.key()).startsWith("trade-due:trader:");
                if (call.decision().side() == TradeDecision.Side.BUY) {
                    assertThat(call.decision().mint()).isEqualTo(USDC);
                    assertThat(call.decision().amount())
                            .isPositive()
                            .isLessThanOrEqualTo(BigInteger.valueOf(100_000_000));
                } else {
                    assertThat(desk.held).containsKey(call.decision().mint());
                }
            });
            assertThat(tradeDecisions(TRADER).getLast().inputRef()).isEqualTo(Trading.keyOf(TRADER, slot));
        }

        @Test
        void the_engine_wide_switch_off_stops_every_trading_schedule() {
            Trading trading = trading(LanguageModels.offlineOnly(new OfflineComposer()), false);

            assertThat(trading.listTradingPersonas()).isEmpty();
            assertThat(trading.tradeDue(TRADER, clock.instant())).isEmpty();
            assertThat(desk.executed).isEmpty();
            assertThat(offline().listTradingPersonas()).contains(TRADER);
        }

        @Test
        void a_slot_that_traded_before_is_not_traded_again() {
            Trading trading = trading(scripted(buy(USDC, "0.05")));
            Instant slot = clock.instant();
            trading.tradeDue(TRADER, slot);

            assertThat(trading.tradeDue(TRADER, slot)).isPresent();
            assertThat(desk.executed).hasSize(1);
        }

        @Test
        void the_pick_goes_to_the_desk_unclamped_and_a_refusal_names_the_limit() {
            Trading trading = trading(scripted(buy(ELSEWHERE, "5")));

            trading.tradeDue(TRADER, clock.instant());

            assertThat(desk.executed).singleElement().satisfies(call -> {
                assertThat(call.decision().mint()).isEqualTo(ELSEWHERE);
                assertThat(call.decision().amount()).isEqualTo(BigInteger.valueOf(5_000_000_000L));
            });
            assertThat(tradeDecisions(TRADER)).singleElement().satisfies(decision -> {
                assertThat(decision.outcome()).isEqualTo(Decision.Outcome.REFUSED);
                assertThat(decision.reason()).contains("mint_not_allowed");
            });
        }

        @Test
        void a_sell_of_whole_tokens_becomes_base_units_by_the_mints_decimals() {
            desk.held.put(USDC, new TokenBalance(USDC, BigInteger.valueOf(12_500_000), 6));
            Trading trading = trading(scripted(
                    "{\"action\": \"sell\", \"mint\": \"" + USDC + "\", \"amount\": 2.5, \"reason\": \"trim\"}"));

            trading.tradeDue(TRADER, clock.instant());

            assertThat(desk.executed)
                    .singleElement()
                    .satisfies(call -> assertThat(call.decision())
                            .isEqualTo(
                                    new TradeDecision(TradeDecision.Side.SELL, USDC, BigInteger.valueOf(2_500_000))));
            assertThat(tradeDecisions(TRADER))
                    .singleElement()
                    .extracting(Decision::outcome)
                    .isEqualTo(Decision.Outcome.SOLD);
        }

        @Test
        void a_hold_is_logged_and_nothing_goes_to_the_desk() {
            Trading trading = trading(scripted(
                    "{\"action\": \"hold\", \"mint\": \"\", \"amount\": 0, \"reason\": \"nothing tempts me\"}"));

            assertThat(trading.tradeDue(TRADER, clock.instant())).isPresent();

            assertThat(desk.executed).isEmpty();
            assertThat(tradeDecisions(TRADER)).singleElement().satisfies(decision -> {
                assertThat(decision.outcome()).isEqualTo(Decision.Outcome.SKIPPED);
                assertThat(decision.reason()).startsWith("hold: nothing tempts me");
            });
        }

        @Test
        void the_trading_prompt_carries_the_brief_and_nothing_from_mentions_or_memories() {
            ScriptedLanguageModel model = new ScriptedLanguageModel(List.of(buy(USDC, "0.05")));
            Trading trading = trading(scripted(model));

            trading.tradeDue(TRADER, clock.instant());

            String prompt = model.requests().getFirst().messages().stream()
                    .map(m -> m.content())
                    .reduce("", String::concat);
            assertThat(prompt)
                    .contains("May buy: USDC (mint " + USDC + ")")
                    .contains("Wallet: 1 SOL (paper trading)")
                    .contains("at most 0.1 SOL per trade")
                    .doesNotContain(BONK)
                    .doesNotContain(TradeLimits.SOL_MINT)
                    .doesNotContain("What you remember");
        }

        @Test
        void a_persona_that_does_not_trade_stops_its_schedule() {
            Trading trading = offline();

            assertThat(trading.tradeDue(JUNIPER, clock.instant())).isEmpty();
            assertThat(trading.listTradingPersonas()).containsExactly(TRADER);
            assertThat(desk.executed).isEmpty();
        }

        @Test
        void without_a_desk_the_decision_says_trading_is_not_available() {
            steps = fixture.wire();
            Trading trading = new Trading(
                    steps.engine(),
                    fixture.states(),
                    steps.prompts(),
                    new dev.puppetengine.llm.StructuredDecisions(LanguageModels.offlineOnly(new OfflineComposer())),
                    dev.puppetengine.llm.CallSampling.defaultsOnly(),
                    () -> null,
                    () -> null,
                    ledger,
                    new dev.puppetengine.agent.jdbc.JdbcDecisionLog(JdbcClient.create(database)),
                    new SplittableRandom(5),
                    clock,
                    true);

            assertThat(trading.tradeDue(TRADER, clock.instant())).isPresent();
            assertThat(tradeDecisions(TRADER))
                    .singleElement()
                    .extracting(Decision::reason)
                    .asString()
                    .contains("no trade desk");
        }
    }

    @Nested
    class Trade_posts {

        @Test
        void a_fill_is_posted_in_the_personas_voice_naming_the_token() throws IOException {
            castWith(trader(1.0));
            fixture.ensureStates();
            Trading trading = trading(scripted(buy(USDC, "0.05")));

            trading.tradeDue(TRADER, clock.instant());

            Trade trade = ledger.recent(TRADER, 1).getFirst();
            List<Post> posts = fixture.postsOf(TRADER);
            assertThat(posts)
                    .singleElement()
                    .extracting(Post::text)
                    .asString()
                    .contains("usdc")
                    .contains("for 0.05 sol")
                    .contains("paper trade");
            assertThat(fixture.decisions(TRADER))
                    .anySatisfy(d -> assertThat(d.inputRef()).isEqualTo(TradePosts.keyOf(trade)));
        }

        @Test
        void a_fill_reported_twice_is_posted_once() throws IOException {
            castWith(trader(1.0));
            fixture.ensureStates();
            Trading trading = trading(scripted(buy(USDC, "0.05")));
            trading.tradeDue(TRADER, clock.instant());
            Trade trade = ledger.recent(TRADER, 1).getFirst();

            java.util.Objects.requireNonNull(desk.posts)
                    .filled(fixture.catalog.findPersona(TRADER).orElseThrow(), trade);

            assertThat(fixture.postsOf(TRADER)).hasSize(1);
        }

        @Test
        void no_post_when_the_trade_tweet_probability_is_zero() throws IOException {
            castWith(trader(0));
            fixture.ensureStates();
            Trading trading = trading(scripted(buy(USDC, "0.05")));

            trading.tradeDue(TRADER, clock.instant());

            assertThat(fixture.postsOf(TRADER)).isEmpty();
            assertThat(fixture.decisions(TRADER))
                    .anySatisfy(d -> assertThat(d.reason()).contains("trade_tweet_probability"));
        }
    }

    private static String buy(String mint, String sol) {
        return "{\"action\": \"buy\", \"mint\": \"" + mint + "\", \"amount\": " + sol
                + ", \"reason\": \"it looks cheap\"}";
    }

    private static LanguageModels scripted(String answer) {
        return scripted(new ScriptedLanguageModel(List.of(answer)));
    }

    /** The script answers the trade decisions; the offline composer writes everything else. */
    private static LanguageModels scripted(ScriptedLanguageModel trades) {
        OfflineComposer offline = new OfflineComposer();
        LanguageModel model = new LanguageModel() {
            @Override
            public String name() {
                return "scripted-trades";
            }

            @Override
            public boolean isLlm() {
                return true;
            }

            @Override
            public Generation generate(GenerationRequest request) {
                return request.callType() == CallType.TRADE_DECISION
                        ? trades.generate(request)
                        : offline.generate(request);
            }

            @Override
            public <T extends Record> Structured<T> generateStructured(GenerationRequest request, Class<T> type) {
                return request.callType() == CallType.TRADE_DECISION
                        ? trades.generateStructured(request, type)
                        : offline.generateStructured(request, type);
            }
        };
        return new LanguageModels(Map.of("openai", model), offline);
    }

    private record Executed(TradeDecision decision, String reason, String key) {}

    /** A paper desk for the agent's side: refuses mints outside the allow-list, else fills at a fixed price. */
    private final class PaperDesk implements TradeDesk, Portfolios {
        final List<Executed> executed = new CopyOnWriteArrayList<>();
        final Map<String, TokenBalance> held = new java.util.concurrent.ConcurrentHashMap<>();

        @Nullable
        TradePosts posts;

        @Override
        public Portfolio portfolio(PersonaSpec persona) {
            return new Portfolio(persona.id(), true, null, new WalletBalances(1_000_000_000L, held), clock.instant());
        }

        @Override
        public Trade execute(PersonaSpec persona, TradeDecision decision, String reason, String key) {
            executed.add(new Executed(decision, reason, key));
            boolean buy = decision.side() == TradeDecision.Side.BUY;
            TradeLedger.Opened opened = ledger.open(
                    new TradeLedger.Opening(
                            persona.id(),
                            key,
                            decision.side(),
                            buy ? TradeLimits.SOL_MINT : decision.mint(),
                            buy ? decision.mint() : TradeLimits.SOL_MINT,
                            decision.amount(),
                            true,
                            reason),
                    clock.instant());
            long id = opened.trade().id();
            if (!decision.mint().equals(USDC)) {
                ledger.move(
                        id,
                        TradeStatus.FAILED,
                        new TradeLedger.Change(TradeStatus.REFUSED, null, TradeLimit.MINT_NOT_ALLOWED, "not allowed"),
                        clock.instant());
                return ledger.find(id).orElseThrow();
            }
            BigInteger out = buy
                    ? decision.amount().divide(BigInteger.valueOf(100))
                    : decision.amount().multiply(BigInteger.valueOf(100));
            ledger.move(
                    id,
                    TradeStatus.FAILED,
                    new TradeLedger.Change(TradeStatus.SIMULATED, out, null, ""),
                    clock.instant());
            Trade trade = ledger.find(id).orElseThrow();
            if (buy) {
                held.merge(
                        USDC,
                        new TokenBalance(USDC, out, 6),
                        (a, b) -> new TokenBalance(USDC, a.amount().add(b.amount()), 6));
            }
            if (posts != null) {
                posts.filled(persona, trade);
            }
            return trade;
        }
    }
}
