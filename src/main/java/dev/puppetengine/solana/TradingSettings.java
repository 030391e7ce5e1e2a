package dev.puppetengine.solana;

import dev.puppetengine.persona.PersonaSpec.Behaviour;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * When and what a persona trades (DESIGN §7), read from its file: {@code solana_integration.trading_enabled} (false),
 * {@code behavior.trading_behavior.trading_frequency{min_hours_between_trades 12, max_hours_between_trades 72,
 * random_probability 0.15}} (see {@link TradingSchedule}), {@code trade_tweet_probability} (1.0), {@code
 * allowed_tokens{always_tradable [], blacklist [], consider_trending false}}. {@code considerTrending} is accepted but
 * there is no trending source: the decision log says so. The hard limits are {@link TradeLimitSettings}.
 */
public record TradingSettings(
        boolean enabled,
        Duration minBetweenTrades,
        Duration maxBetweenTrades,
        double randomProbability,
        double tradeTweetProbability,
        List<String> alwaysTradable,
        Set<String> blacklist,
        boolean considerTrending) {

    public static final double DEFAULT_MIN_HOURS = 12;
    public static final double DEFAULT_MAX_HOURS = 72;
    public static final double DEFAULT_RANDOM_PROBABILITY = 0.15;
    public static final double DEFAULT_TRADE_TWEET_PROBABILITY = 1.0;

    public TradingSettings {
        Objects.requireNonNull(minBetweenTrades);
        Objects.requireNonNull(maxBetweenTrades);
        if (minBetweenTrades.isNegative() || maxBetweenTrades.compareTo(minBetweenTrades) < 0) {
            throw new IllegalArgumentException("trading_frequency: need 0 ≤ min_hours_between_trades ≤"
                    + " max_hours_between_trades, was " + minBetweenTrades + " and " + maxBetweenTrades);
        }
        probability(randomProbability, "trading_frequency.random_probability");
        probability(tradeTweetProbability, "trading_behavior.trade_tweet_probability");
        alwaysTradable = List.copyOf(alwaysTradable);
        blacklist = Set.copyOf(blacklist);
    }

    /**
     * The settings in a persona's trading blocks, defaults where a key is absent; an explicit 0 is a value. A value of
     * the wrong type fails naming its key.
     */
    public static TradingSettings fromPersona(Behaviour behaviour) {
        Map<String, Object> trading = behaviour.tradingBehavior();
        Map<String, Object> frequency = TradingBlock.object(trading, "trading_frequency", "trading_behavior");
        Map<String, Object> tokens = TradingBlock.object(trading, "allowed_tokens", "trading_behavior");
        double min = TradingBlock.number(frequency, "min_hours_between_trades", "trading_frequency", DEFAULT_MIN_HOURS);
        double max = TradingBlock.number(
                frequency, "max_hours_between_trades", "trading_frequency", Math.max(min, DEFAULT_MAX_HOURS));
        return new TradingSettings(
                TradingBlock.flag(behaviour.solanaIntegration(), "trading_enabled", "solana_integration", false),
                hours(min),
                hours(max),
                TradingBlock.number(frequency, "random_probability", "trading_frequency", DEFAULT_RANDOM_PROBABILITY),
                TradingBlock.number(
                        trading, "trade_tweet_probability", "trading_behavior", DEFAULT_TRADE_TWEET_PROBABILITY),
                TradingBlock.mints(tokens, "always_tradable", "allowed_tokens"),
                new LinkedHashSet<>(TradingBlock.mints(tokens, "blacklist", "allowed_tokens")),
                TradingBlock.flag(tokens, "consider_trending", "allowed_tokens", false));
    }

    /** Whether the persona's file switches trading on; a malformed block counts as off. */
    public static boolean isEnabled(Behaviour behaviour) {
        try {
            return TradingBlock.flag(behaviour.solanaIntegration(), "trading_enabled", "solana_integration", false);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static Duration hours(double hours) {
        return Duration.ofMillis(Math.round(hours * 3_600_000));
    }

    private static void probability(double p, String key) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException(key + " must be between 0 and 1, was " + p);
        }
    }
}
