package dev.puppetengine.solana;

import dev.puppetengine.persona.PersonaSpec.Behaviour;
import dev.puppetengine.shared.Names;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

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
        Map<String, Object> frequency = object(trading, "trading_frequency", "trading_behavior");
        Map<String, Object> tokens = object(trading, "allowed_tokens", "trading_behavior");
        double min = number(frequency, "min_hours_between_trades", "trading_frequency", DEFAULT_MIN_HOURS);
        double max =
                number(frequency, "max_hours_between_trades", "trading_frequency", Math.max(min, DEFAULT_MAX_HOURS));
        return new TradingSettings(
                flag(behaviour.solanaIntegration(), "trading_enabled", "solana_integration", false),
                hours(min),
                hours(max),
                number(frequency, "random_probability", "trading_frequency", DEFAULT_RANDOM_PROBABILITY),
                number(trading, "trade_tweet_probability", "trading_behavior", DEFAULT_TRADE_TWEET_PROBABILITY),
                strings(tokens, "always_tradable", "allowed_tokens"),
                new LinkedHashSet<>(strings(tokens, "blacklist", "allowed_tokens")),
                flag(tokens, "consider_trending", "allowed_tokens", false));
    }

    /** Whether the persona's file switches trading on; a malformed block counts as off. */
    public static boolean isEnabled(Behaviour behaviour) {
        try {
            return flag(behaviour.solanaIntegration(), "trading_enabled", "solana_integration", false);
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

    private static @Nullable Object value(Map<String, Object> block, String key) {
        Object value = block.get(key);
        return value != null ? value : block.get(Names.camelCase(key));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Map<String, Object> block, String key, String where) {
        Object value = value(block, key);
        if (value == null) {
            return Map.of();
        }
        if (!(value instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException(where + "." + key + " must be an object");
        }
        return (Map<String, Object>) map;
    }

    private static boolean flag(Map<String, Object> block, String key, String where, boolean fallback) {
        Object value = value(block, key);
        if (value == null) {
            return fallback;
        }
        if (!(value instanceof Boolean b)) {
            throw new IllegalArgumentException(where + "." + key + " must be true or false");
        }
        return b;
    }

    private static double number(Map<String, Object> block, String key, String where, double fallback) {
        Object value = value(block, key);
        if (value == null) {
            return fallback;
        }
        if (!(value instanceof Number n) || !Double.isFinite(n.doubleValue()) || n.doubleValue() < 0) {
            throw new IllegalArgumentException(where + "." + key + " must be a number ≥ 0");
        }
        return new BigDecimal(n.toString()).doubleValue();
    }

    private static List<String> strings(Map<String, Object> block, String key, String where) {
        Object value = value(block, key);
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?> list) || !list.stream().allMatch(String.class::isInstance)) {
            throw new IllegalArgumentException(where + "." + key + " must be a list of mint addresses");
        }
        List<String> mints = new ArrayList<>();
        list.forEach(item -> {
            String mint = ((String) item).strip();
            if (!mint.isEmpty() && !mints.contains(mint)) {
                mints.add(mint);
            }
        });
        return mints;
    }
}
