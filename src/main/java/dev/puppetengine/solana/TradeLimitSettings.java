package dev.puppetengine.solana;

import dev.puppetengine.persona.PersonaSpec.Behaviour;
import java.math.BigDecimal;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A persona's hard trading limits (DESIGN §7), read from its file's trading blocks: {@code solana_integration
 * .trade_safety{max_trade_amount_sol 0.1, min_wallet_balance_sol 0.05, max_slippage_percent 1,
 * max_price_impact_percent 1}}, {@code agent_kit_integration.autonomy_rules{max_daily_trades 5,
 * max_single_trade_amount_sol}} (the smaller of the two maximums holds), {@code behavior.trading_behavior
 * .allowed_tokens{always_tradable [], blacklist []}} (mints; an empty allow-list restricts nothing, the deny-list
 * always holds). {@code feeReserveSol} is kept for fees and a new token account's rent.
 */
public record TradeLimitSettings(
        BigDecimal maxTradeSol,
        BigDecimal minWalletBalanceSol,
        BigDecimal maxSlippagePercent,
        BigDecimal maxPriceImpactPercent,
        int maxDailyTrades,
        Set<String> allowedMints,
        Set<String> deniedMints,
        BigDecimal feeReserveSol) {

    public static final BigDecimal DEFAULT_MAX_TRADE_SOL = new BigDecimal("0.1");
    public static final BigDecimal DEFAULT_MIN_WALLET_BALANCE_SOL = new BigDecimal("0.05");
    public static final BigDecimal DEFAULT_MAX_SLIPPAGE_PERCENT = BigDecimal.ONE;
    public static final BigDecimal DEFAULT_MAX_PRICE_IMPACT_PERCENT = BigDecimal.ONE;
    public static final int DEFAULT_MAX_DAILY_TRADES = 5;
    public static final BigDecimal DEFAULT_FEE_RESERVE_SOL = new BigDecimal("0.005");

    public static final TradeLimitSettings DEFAULTS = new TradeLimitSettings(
            DEFAULT_MAX_TRADE_SOL,
            DEFAULT_MIN_WALLET_BALANCE_SOL,
            DEFAULT_MAX_SLIPPAGE_PERCENT,
            DEFAULT_MAX_PRICE_IMPACT_PERCENT,
            DEFAULT_MAX_DAILY_TRADES,
            Set.of(),
            Set.of(),
            DEFAULT_FEE_RESERVE_SOL);

    public TradeLimitSettings {
        for (BigDecimal value :
                List.of(maxTradeSol, minWalletBalanceSol, maxSlippagePercent, maxPriceImpactPercent, feeReserveSol)) {
            if (value.signum() < 0) {
                throw new IllegalArgumentException("trade limits must be ≥ 0, was " + value);
            }
        }
        if (maxDailyTrades < 0) {
            throw new IllegalArgumentException("max_daily_trades must be ≥ 0, was " + maxDailyTrades);
        }
        allowedMints = Set.copyOf(allowedMints);
        deniedMints = Set.copyOf(deniedMints);
    }

    /**
     * The limits in a persona's trading blocks, defaults where a key is absent; an explicit 0 is a value (a 0 max
     * trade allows nothing). A value of the wrong type fails naming its key.
     */
    public static TradeLimitSettings fromPersona(Behaviour behaviour) {
        Map<String, Object> safety =
                TradingBlock.object(behaviour.solanaIntegration(), "trade_safety", "solana_integration");
        Map<String, Object> autonomy =
                TradingBlock.object(behaviour.agentKitIntegration(), "autonomy_rules", "agent_kit_integration");
        Map<String, Object> tokens =
                TradingBlock.object(behaviour.tradingBehavior(), "allowed_tokens", "trading_behavior");
        BigDecimal maxTrade =
                TradingBlock.decimal(safety, "max_trade_amount_sol", "trade_safety", DEFAULT_MAX_TRADE_SOL);
        BigDecimal maxSingle =
                TradingBlock.decimal(autonomy, "max_single_trade_amount_sol", "autonomy_rules", maxTrade);
        BigDecimal maxDaily = TradingBlock.decimal(
                autonomy, "max_daily_trades", "autonomy_rules", BigDecimal.valueOf(DEFAULT_MAX_DAILY_TRADES));
        if (maxDaily.stripTrailingZeros().scale() > 0
                || maxDaily.compareTo(BigDecimal.valueOf(Integer.MAX_VALUE)) > 0) {
            throw new IllegalArgumentException(
                    "autonomy_rules.max_daily_trades must be a whole number, was " + maxDaily);
        }
        return new TradeLimitSettings(
                maxTrade.min(maxSingle),
                TradingBlock.decimal(safety, "min_wallet_balance_sol", "trade_safety", DEFAULT_MIN_WALLET_BALANCE_SOL),
                TradingBlock.decimal(safety, "max_slippage_percent", "trade_safety", DEFAULT_MAX_SLIPPAGE_PERCENT),
                TradingBlock.decimal(
                        safety, "max_price_impact_percent", "trade_safety", DEFAULT_MAX_PRICE_IMPACT_PERCENT),
                maxDaily.intValueExact(),
                new LinkedHashSet<>(TradingBlock.mints(tokens, "always_tradable", "allowed_tokens")),
                new LinkedHashSet<>(TradingBlock.mints(tokens, "blacklist", "allowed_tokens")),
                DEFAULT_FEE_RESERVE_SOL);
    }
}
