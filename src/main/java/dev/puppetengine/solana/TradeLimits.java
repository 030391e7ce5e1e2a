package dev.puppetengine.solana;

import dev.puppetengine.solana.TradeDecision.Side;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;

/**
 * The hard limits outside the LLM (DESIGN §7): whatever a decision says, a trade goes ahead only when this allows it
 * against the wallet's balances, the quote that would be swapped, and the trades already made today. Pure and
 * deterministic; the first failing {@link TradeLimit} refuses.
 */
public final class TradeLimits {

    /** Wrapped SOL, the mint Jupiter quotes SOL as. */
    public static final String SOL_MINT = "So11111111111111111111111111111111111111112";

    private final TradeLimitSettings settings;
    private final BigInteger maxTradeLamports;
    private final BigInteger floorLamports;
    private final BigInteger feeReserveLamports;
    private final BigDecimal maxSlippageBps;

    public TradeLimits(TradeLimitSettings settings) {
        this.settings = settings;
        this.maxTradeLamports = lamports(settings.maxTradeSol(), RoundingMode.FLOOR);
        this.floorLamports = lamports(settings.minWalletBalanceSol(), RoundingMode.CEILING);
        this.feeReserveLamports = lamports(settings.feeReserveSol(), RoundingMode.CEILING);
        this.maxSlippageBps = settings.maxSlippagePercent().movePointRight(2);
    }

    public TradeLimitSettings settings() {
        return settings;
    }

    /** Whether {@code decision}, to be swapped along {@code quote}, may go ahead now. */
    public TradeCheck check(TradeDecision decision, WalletBalances balances, JupiterQuote quote, int tradesToday) {
        String mint = decision.mint();
        BigInteger amount = decision.amount();
        if (amount.signum() <= 0 || mint.equals(SOL_MINT)) {
            return refuse(TradeLimit.INVALID_AMOUNT, "a trade needs an amount > 0 of a token other than SOL");
        }
        if (settings.deniedMints().contains(mint)) {
            return refuse(TradeLimit.MINT_DENIED, mint + " is on the blacklist");
        }
        if (!settings.allowedMints().isEmpty() && !settings.allowedMints().contains(mint)) {
            return refuse(TradeLimit.MINT_NOT_ALLOWED, mint + " is not in always_tradable");
        }
        if (tradesToday >= settings.maxDailyTrades()) {
            return refuse(
                    TradeLimit.MAX_DAILY_TRADES, tradesToday + " trades today, at most " + settings.maxDailyTrades());
        }
        String input = decision.side() == Side.BUY ? SOL_MINT : mint;
        String output = decision.side() == Side.BUY ? mint : SOL_MINT;
        if (!quote.inputMint().equals(input)
                || !quote.outputMint().equals(output)
                || !quote.inAmount().equals(amount)
                || !quote.swapMode().equals("ExactIn")) {
            return refuse(TradeLimit.QUOTE_MISMATCH, "the quote is not for this trade: " + quote);
        }
        if (decision.side() == Side.SELL && amount.compareTo(balances.held(mint)) > 0) {
            return refuse(
                    TradeLimit.NOT_HELD, "selling " + amount + " of " + mint + ", holding " + balances.held(mint));
        }
        BigInteger solValue = decision.side() == Side.BUY ? amount : quote.outAmount();
        if (solValue.compareTo(maxTradeLamports) > 0) {
            return refuse(
                    TradeLimit.MAX_TRADE_SOL,
                    sol(solValue) + " SOL in one trade, at most "
                            + settings.maxTradeSol().toPlainString());
        }
        BigInteger spent = decision.side() == Side.BUY ? amount : BigInteger.ZERO;
        BigInteger left =
                BigInteger.valueOf(balances.lamports()).subtract(spent).subtract(feeReserveLamports);
        if (left.compareTo(floorLamports) < 0) {
            return refuse(
                    TradeLimit.BALANCE_FLOOR,
                    sol(left.max(BigInteger.ZERO)) + " SOL would be left after fees, at least "
                            + settings.minWalletBalanceSol().toPlainString() + " must stay");
        }
        if (BigDecimal.valueOf(quote.slippageBps()).compareTo(maxSlippageBps) > 0) {
            return refuse(
                    TradeLimit.MAX_SLIPPAGE,
                    quote.slippageBps() + " bps slippage, at most "
                            + settings.maxSlippagePercent().toPlainString() + " %");
        }
        if (quote.priceImpactPercent().compareTo(settings.maxPriceImpactPercent()) > 0) {
            return refuse(
                    TradeLimit.MAX_PRICE_IMPACT,
                    quote.priceImpactPercent().toPlainString() + " % price impact, at most "
                            + settings.maxPriceImpactPercent().toPlainString() + " %");
        }
        return new TradeCheck.Allowed();
    }

    static BigInteger lamports(BigDecimal sol, RoundingMode rounding) {
        return sol.movePointRight(9).setScale(0, rounding).toBigIntegerExact();
    }

    private static String sol(BigInteger lamports) {
        return new BigDecimal(lamports, 9).stripTrailingZeros().toPlainString();
    }

    private static TradeCheck refuse(TradeLimit limit, String reason) {
        return new TradeCheck.Refused(limit, reason);
    }
}
