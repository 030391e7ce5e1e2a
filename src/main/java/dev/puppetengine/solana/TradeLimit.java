package dev.puppetengine.solana;

import java.util.Locale;

/** The hard limits of {@link TradeLimits}, in the order they are checked; the first that fails refuses a trade. */
public enum TradeLimit {
    /** The amount is not positive, or the mint is SOL itself. */
    INVALID_AMOUNT,
    /** The mint is on {@code allowed_tokens.blacklist}. */
    MINT_DENIED,
    /** {@code allowed_tokens.always_tradable} is set and the mint is not on it. */
    MINT_NOT_ALLOWED,
    /** {@code autonomy_rules.max_daily_trades} trades were already made today. */
    MAX_DAILY_TRADES,
    /** The quote is for other mints, another amount or not an exact-in swap. */
    QUOTE_MISMATCH,
    /** A sell of more than the wallet holds. */
    NOT_HELD,
    /** More SOL (spent, or received for a sell) than the per-trade maximum. */
    MAX_TRADE_SOL,
    /** The SOL left after the trade and its fees would fall under {@code min_wallet_balance_sol}. */
    BALANCE_FLOOR,
    /** The quote's slippage exceeds {@code max_slippage_percent}. */
    MAX_SLIPPAGE,
    /** The quote's price impact exceeds {@code max_price_impact_percent}. */
    MAX_PRICE_IMPACT;

    /** The name in the ledger and the API: {@code max_trade_sol}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
