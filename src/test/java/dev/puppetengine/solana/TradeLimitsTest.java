package dev.puppetengine.solana;

import static org.assertj.core.api.Assertions.assertThat;

import dev.puppetengine.solana.TradeDecision.Side;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class TradeLimitsTest {

    private static final String SOL = TradeLimits.SOL_MINT;
    private static final String USDC = SolanaFixtures.USDC;
    private static final String BONK = SolanaFixtures.BONK;
    private static final long LAMPORTS = WalletBalances.LAMPORTS_PER_SOL;

    private final TradeLimits defaults = new TradeLimits(TradeLimitSettings.DEFAULTS);
    private final WalletBalances wallet =
            new WalletBalances(LAMPORTS, Map.of(BONK, new TokenBalance(BONK, BigInteger.valueOf(5_000_000), 5)));

    private static JupiterQuote quote(
            String in, String out, long inAmount, long outAmount, int slippageBps, String impact) {
        return new JupiterQuote(
                in,
                out,
                BigInteger.valueOf(inAmount),
                BigInteger.valueOf(outAmount),
                BigInteger.valueOf(outAmount),
                "ExactIn",
                slippageBps,
                new BigDecimal(impact),
                "{}");
    }

    private static TradeDecision buy(String mint, long lamports) {
        return new TradeDecision(Side.BUY, mint, BigInteger.valueOf(lamports));
    }

    private static TradeDecision sell(String mint, long amount) {
        return new TradeDecision(Side.SELL, mint, BigInteger.valueOf(amount));
    }

    private static TradeLimit refusedBy(TradeCheck check) {
        assertThat(check).isInstanceOf(TradeCheck.Refused.class);
        return ((TradeCheck.Refused) check).limit();
    }

    @Nested
    class EachLimit {

        @Test
        void allows_a_buy_within_every_limit() {
            assertThat(defaults.check(
                            buy(USDC, LAMPORTS / 10),
                            wallet,
                            quote(SOL, USDC, LAMPORTS / 10, 16_000_000, 50, "0.001"),
                            0))
                    .isEqualTo(new TradeCheck.Allowed());
        }

        @Test
        void refuses_more_than_the_max_sol_per_trade() {
            long tooMuch = LAMPORTS / 10 + 1;
            assertThat(refusedBy(defaults.check(buy(USDC, tooMuch), wallet, quote(SOL, USDC, tooMuch, 1, 50, "0"), 0)))
                    .isEqualTo(TradeLimit.MAX_TRADE_SOL);
        }

        @Test
        void refuses_a_sell_that_would_bring_in_more_than_the_max_sol() {
            assertThat(refusedBy(
                            defaults.check(sell(BONK, 1_000), wallet, quote(BONK, SOL, 1_000, LAMPORTS, 50, "0"), 0)))
                    .isEqualTo(TradeLimit.MAX_TRADE_SOL);
        }

        @Test
        void keeps_the_balance_floor_and_the_fee_reserve() {
            WalletBalances poor = new WalletBalances(140_000_000, Map.of());
            long amount = 90_000_000;
            TradeCheck check = defaults.check(buy(USDC, amount), poor, quote(SOL, USDC, amount, 1, 50, "0"), 0);

            assertThat(refusedBy(check)).isEqualTo(TradeLimit.BALANCE_FLOOR);
            assertThat(((TradeCheck.Refused) check).reason())
                    .isEqualTo("0.045 SOL would be left after fees, at least 0.05 must stay");
        }

        @Test
        void refuses_slippage_over_one_percent() {
            assertThat(refusedBy(defaults.check(buy(USDC, 1_000), wallet, quote(SOL, USDC, 1_000, 1, 101, "0"), 0)))
                    .isEqualTo(TradeLimit.MAX_SLIPPAGE);
        }

        @Test
        void refuses_a_price_impact_over_the_maximum() {
            assertThat(refusedBy(defaults.check(buy(USDC, 1_000), wallet, quote(SOL, USDC, 1_000, 1, 50, "0.0101"), 0)))
                    .isEqualTo(TradeLimit.MAX_PRICE_IMPACT);
        }

        @Test
        void refuses_once_the_day_has_its_trades() {
            assertThat(refusedBy(defaults.check(buy(USDC, 1_000), wallet, quote(SOL, USDC, 1_000, 1, 50, "0"), 5)))
                    .isEqualTo(TradeLimit.MAX_DAILY_TRADES);
        }

        @Test
        void sells_only_what_is_held() {
            assertThat(refusedBy(
                            defaults.check(sell(BONK, 5_000_001), wallet, quote(BONK, SOL, 5_000_001, 1, 50, "0"), 0)))
                    .isEqualTo(TradeLimit.NOT_HELD);
            assertThat(refusedBy(defaults.check(sell(USDC, 1), wallet, quote(USDC, SOL, 1, 1, 50, "0"), 0)))
                    .isEqualTo(TradeLimit.NOT_HELD);
        }

        @Test
        void trades_only_allowed_mints_and_never_denied_ones() {
            TradeLimits listed = new TradeLimits(new TradeLimitSettings(
                    new BigDecimal("0.1"),
                    new BigDecimal("0.05"),
                    BigDecimal.ONE,
                    BigDecimal.ONE,
                    5,
                    Set.of(USDC, BONK),
                    Set.of(BONK),
                    BigDecimal.ZERO));

            assertThat(refusedBy(listed.check(buy(BONK, 1_000), wallet, quote(SOL, BONK, 1_000, 1, 50, "0"), 0)))
                    .isEqualTo(TradeLimit.MINT_DENIED);
            String other = "JUPyiwrYJFskUPiHa7hkeR8VUtAeFoSYbKedZNsDvCN";
            assertThat(refusedBy(listed.check(buy(other, 1_000), wallet, quote(SOL, other, 1_000, 1, 50, "0"), 0)))
                    .isEqualTo(TradeLimit.MINT_NOT_ALLOWED);
        }

        @Test
        void refuses_a_quote_for_another_trade() {
            assertThat(refusedBy(defaults.check(buy(USDC, 1_000), wallet, quote(SOL, BONK, 1_000, 1, 50, "0"), 0)))
                    .isEqualTo(TradeLimit.QUOTE_MISMATCH);
            assertThat(refusedBy(defaults.check(buy(USDC, 1_000), wallet, quote(SOL, USDC, 999_999, 1, 50, "0"), 0)))
                    .isEqualTo(TradeLimit.QUOTE_MISMATCH);
        }

        @Test
        void refuses_nothing_to_trade() {
            assertThat(refusedBy(defaults.check(buy(USDC, 0), wallet, quote(SOL, USDC, 0, 1, 50, "0"), 0)))
                    .isEqualTo(TradeLimit.INVALID_AMOUNT);
            assertThat(refusedBy(defaults.check(buy(SOL, 10), wallet, quote(SOL, SOL, 10, 10, 50, "0"), 0)))
                    .isEqualTo(TradeLimit.INVALID_AMOUNT);
        }
    }

    /**
     * The property of issue 14 (Done-when 2), as a seeded random walk instead of a property framework (none is a
     * dependency): a trade is allowed exactly when every limit, computed independently here in SOL, holds.
     */
    @Nested
    class Property {

        private static final List<String> MINTS =
                List.of(SOL, USDC, BONK, "JUPyiwrYJFskUPiHa7hkeR8VUtAeFoSYbKedZNsDvCN");

        @Test
        void no_decision_balance_and_quote_is_allowed_beyond_a_limit() {
            SplittableRandom random = new SplittableRandom(14);
            int allowed = 0;
            for (int i = 0; i < 40_000; i++) {
                TradeLimitSettings settings = settings(random);
                WalletBalances balances = balances(random);
                TradeDecision decision = decision(random, balances, settings);
                JupiterQuote quote = quote(random, decision, settings);
                int tradesToday = random.nextInt(settings.maxDailyTrades() + 2);

                TradeCheck check = new TradeLimits(settings).check(decision, balances, quote, tradesToday);

                boolean within = withinEveryLimit(settings, balances, decision, quote, tradesToday);
                assertThat(check instanceof TradeCheck.Allowed)
                        .as(
                                "case %d: %s %s %s %s today %d → %s",
                                i, settings, balances, decision, quote, tradesToday, check)
                        .isEqualTo(within);
                allowed += within ? 1 : 0;
            }
            assertThat(allowed)
                    .as("allowed cases, so the property is not vacuous")
                    .isGreaterThan(1_000);
        }

        @Test
        void a_day_of_decisions_never_passes_the_daily_count_or_the_floor() {
            SplittableRandom random = new SplittableRandom(15);
            for (int day = 0; day < 500; day++) {
                TradeLimitSettings settings = settings(random);
                TradeLimits limits = new TradeLimits(settings);
                long reserve = settings.feeReserveSol().movePointRight(9).longValueExact();
                WalletBalances balances = balances(random);
                int trades = 0;
                for (int attempt = 0; attempt < 20; attempt++) {
                    TradeDecision decision = decision(random, balances, settings);
                    JupiterQuote quote = quote(random, decision, settings);
                    if (limits.check(decision, balances, quote, trades) instanceof TradeCheck.Allowed) {
                        trades++;
                        balances = filled(balances, decision, quote, random.nextLong(0, reserve + 1));
                        assertThat(sol(balances.lamports())).isGreaterThanOrEqualTo(settings.minWalletBalanceSol());
                    }
                }
                assertThat(trades).isLessThanOrEqualTo(settings.maxDailyTrades());
            }
        }

        private static boolean withinEveryLimit(
                TradeLimitSettings settings,
                WalletBalances balances,
                TradeDecision decision,
                JupiterQuote quote,
                int today) {
            String mint = decision.mint();
            boolean buy = decision.side() == Side.BUY;
            BigDecimal solValue = buy ? sol(decision.amount()) : sol(quote.outAmount());
            BigDecimal left = sol(balances.lamports())
                    .subtract(buy ? sol(decision.amount()) : BigDecimal.ZERO)
                    .subtract(settings.feeReserveSol());
            return decision.amount().signum() > 0
                    && !mint.equals(SOL)
                    && !settings.deniedMints().contains(mint)
                    && (settings.allowedMints().isEmpty()
                            || settings.allowedMints().contains(mint))
                    && today < settings.maxDailyTrades()
                    && quote.inputMint().equals(buy ? SOL : mint)
                    && quote.outputMint().equals(buy ? mint : SOL)
                    && quote.inAmount().equals(decision.amount())
                    && quote.swapMode().equals("ExactIn")
                    && (buy || decision.amount().compareTo(balances.held(mint)) <= 0)
                    && solValue.compareTo(settings.maxTradeSol()) <= 0
                    && left.compareTo(settings.minWalletBalanceSol()) >= 0
                    && BigDecimal.valueOf(quote.slippageBps(), 2).compareTo(settings.maxSlippagePercent()) <= 0
                    && quote.priceImpactPct()
                                    .abs()
                                    .multiply(BigDecimal.valueOf(100))
                                    .compareTo(settings.maxPriceImpactPercent())
                            <= 0;
        }

        private static TradeLimitSettings settings(SplittableRandom random) {
            Set<String> allowed = new HashSet<>();
            Set<String> denied = new HashSet<>();
            for (String mint : MINTS) {
                if (random.nextInt(4) == 0) {
                    allowed.add(mint);
                }
                if (random.nextInt(6) == 0) {
                    denied.add(mint);
                }
            }
            return new TradeLimitSettings(
                    BigDecimal.valueOf(random.nextLong(0, 300_000_001), 9),
                    BigDecimal.valueOf(random.nextLong(0, 200_000_001), 9),
                    BigDecimal.valueOf(random.nextInt(0, 301), 2),
                    BigDecimal.valueOf(random.nextInt(0, 501), 2),
                    random.nextInt(0, 7),
                    allowed,
                    denied,
                    BigDecimal.valueOf(random.nextLong(0, 10_000_001), 9));
        }

        private static WalletBalances balances(SplittableRandom random) {
            Map<String, TokenBalance> tokens = new HashMap<>();
            for (String mint : MINTS.subList(1, MINTS.size())) {
                if (random.nextBoolean()) {
                    tokens.put(mint, new TokenBalance(mint, BigInteger.valueOf(random.nextLong(1, 1_000_000_000)), 6));
                }
            }
            return new WalletBalances(random.nextLong(0, 2 * LAMPORTS), tokens);
        }

        /** Amounts near the edges of the limits as often as anywhere else. */
        private static TradeDecision decision(
                SplittableRandom random, WalletBalances balances, TradeLimitSettings settings) {
            Side side = random.nextBoolean() ? Side.BUY : Side.SELL;
            String mint = MINTS.get(random.nextInt(MINTS.size()));
            long amount = switch (random.nextInt(6)) {
                case 0 -> random.nextLong(-5, 5);
                case 1 -> balances.held(mint).longValue() + random.nextLong(-3, 4);
                case 2 -> lamports(settings.maxTradeSol()) + random.nextLong(-3, 4);
                case 3 ->
                    balances.lamports()
                            - lamports(settings.feeReserveSol())
                            - lamports(settings.minWalletBalanceSol())
                            + random.nextLong(-3, 4);
                default -> random.nextLong(1, lamports(settings.maxTradeSol()) * 5 / 4 + 2);
            };
            return new TradeDecision(side, mint, BigInteger.valueOf(amount));
        }

        private static JupiterQuote quote(
                SplittableRandom random, TradeDecision decision, TradeLimitSettings settings) {
            boolean buy = decision.side() == Side.BUY;
            String in = buy ? SOL : decision.mint();
            String out = buy ? decision.mint() : SOL;
            BigInteger inAmount = decision.amount().max(BigInteger.ZERO);
            String mode = "ExactIn";
            switch (random.nextInt(12)) {
                case 0 -> in = MINTS.get(random.nextInt(MINTS.size()));
                case 1 -> out = MINTS.get(random.nextInt(MINTS.size()));
                case 2 -> inAmount = inAmount.add(BigInteger.ONE);
                case 3 -> mode = "ExactOut";
                default -> {}
            }
            long outAmount = buy
                    ? random.nextLong(0, 400_000_000)
                    : random.nextLong(0, lamports(settings.maxTradeSol()) * 5 / 4 + 2);
            int maxBps = settings.maxSlippagePercent().movePointRight(2).intValue();
            int maxImpact = settings.maxPriceImpactPercent().movePointRight(2).intValue();
            return new JupiterQuote(
                    in,
                    out,
                    inAmount,
                    BigInteger.valueOf(outAmount),
                    BigInteger.valueOf(outAmount),
                    mode,
                    random.nextInt(0, maxBps * 5 / 4 + 2),
                    BigDecimal.valueOf(random.nextInt(0, maxImpact * 5 / 4 + 2), 4),
                    "{}");
        }

        /** The wallet after a fill, paying a fee no larger than the reserve the limits keep. */
        private static WalletBalances filled(
                WalletBalances before, TradeDecision decision, JupiterQuote quote, long fee) {
            Map<String, TokenBalance> tokens = new HashMap<>(before.tokens());
            long lamports = before.lamports();
            if (decision.side() == Side.BUY) {
                lamports -= decision.amount().longValueExact();
                tokens.merge(
                        decision.mint(),
                        new TokenBalance(decision.mint(), quote.outAmount(), 6),
                        (held, more) -> held.plus(more.amount()));
            } else {
                lamports += quote.outAmount().longValueExact();
                BigInteger left = before.held(decision.mint()).subtract(decision.amount());
                tokens.put(decision.mint(), new TokenBalance(decision.mint(), left, 6));
            }
            return new WalletBalances(lamports - fee, tokens);
        }

        private static long lamports(BigDecimal sol) {
            return sol.movePointRight(9).longValueExact();
        }

        private static BigDecimal sol(long lamports) {
            return BigDecimal.valueOf(lamports, 9);
        }

        private static BigDecimal sol(BigInteger lamports) {
            return new BigDecimal(lamports, 9);
        }
    }
}
