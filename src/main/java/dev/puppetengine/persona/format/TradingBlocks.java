package dev.puppetengine.persona.format;

import dev.puppetengine.persona.PersonaProblem;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Checks the values the engine reads from the trading blocks (DESIGN §7), so a wrong type or an out-of-range limit
 * is a located problem when the file is read ({@code ./puppet validate}) and not a failed trade later. The blocks
 * stay free-form maps: only the keys below are checked, other keys pass unchanged; a misspelled key inside one of
 * the limit objects ({@code trade_safety}, {@code trading_frequency}, {@code allowed_tokens},
 * {@code autonomy_rules}) is warned about, since a limit left at its default by a typo is easy to miss. The blocks are
 * checked only when {@code solana_integration.trading_enabled} is {@code true} (itself always checked): blocks that
 * are not used, such as some other tool's trading settings in a file shaped like the original's, load as written.
 */
final class TradingBlocks {

    /** Percentages are of the traded amount: above 100 means nothing. */
    private static final double MAX_PERCENT = 100;
    /** More SOL than exists (about 600 million) is a typo, not a limit. */
    private static final double MAX_SOL = 1_000_000_000;

    private static final double MAX_HOURS = 24 * 365;
    private static final int MAX_DAILY_TRADES = 10_000;

    /** Keys the original's files carry in these objects that the engine does not read. */
    private static final List<String> ORIGINAL_AUTONOMY_KEYS =
            List.of("ignore_human_trading_requests", "require_trending_validation");

    private TradingBlocks() {}

    /** Whether {@code solana_integration.trading_enabled} (or {@code tradingEnabled}) is {@code true}. */
    static boolean tradingEnabled(Map<String, Object> solanaIntegration) {
        return Boolean.TRUE.equals(solanaIntegration.get("trading_enabled"))
                || Boolean.TRUE.equals(solanaIntegration.get("tradingEnabled"));
    }

    /** {@code solana_integration.trading_enabled}, checked whether or not the persona trades. */
    static void checkSwitch(Section block) {
        block.bool("trading_enabled", false);
    }

    /** {@code solana_integration}. */
    static void checkSolanaIntegration(Section block) {
        block.bool("live_trading", false);
        block.optionalNumber("paper_balance_sol", 0, MAX_SOL);
        checkAddress(block, block.value("wallet_address"));
        block.optionalString("rpc_url", TextLimit.LABEL);
        block.optionalString("keypair_file", TextLimit.LABEL);
        Section safety = block.section("trade_safety");
        safety.optionalNumber("max_trade_amount_sol", 0, MAX_SOL);
        safety.optionalNumber("min_wallet_balance_sol", 0, MAX_SOL);
        safety.optionalNumber("max_slippage_percent", 0, MAX_PERCENT);
        safety.optionalNumber("max_price_impact_percent", 0, MAX_PERCENT);
        safety.finish();
    }

    /** {@code behavior.trading_behavior}. */
    static void checkTradingBehavior(Section block) {
        Section frequency = block.section("trading_frequency");
        Double min = frequency.optionalNumber("min_hours_between_trades", 0, MAX_HOURS);
        Section.Value maxValue = frequency.value("max_hours_between_trades");
        Double max = frequency.asNumber(maxValue, 0, MAX_HOURS);
        if (maxValue != null && max != null && max == 0) {
            frequency.reading().error(maxValue.pointer(), "must be > 0");
        } else if (min != null && max != null && maxValue != null && min > max) {
            frequency
                    .reading()
                    .error(
                            maxValue.pointer(),
                            "max_hours_between_trades (" + Section.formatNumber(max)
                                    + ") must not be less than min_hours_between_trades (" + Section.formatNumber(min)
                                    + ")");
        }
        frequency.probability("random_probability", 0);
        frequency.finish();
        block.probability("trade_tweet_probability", 1);
        block.strings("trade_decision_factors", TextLimit.LABEL);
        Section tokens = block.section("allowed_tokens");
        mints(tokens, "always_tradable");
        mints(tokens, "blacklist");
        tokens.bool("consider_trending", false);
        tokens.finish();
    }

    /** {@code agent_kit_integration}. */
    static void checkAgentKitIntegration(Section block) {
        block.bool("enabled", false);
        Section autonomy = block.section("autonomy_rules");
        autonomy.optionalInteger("max_daily_trades", 0, MAX_DAILY_TRADES);
        autonomy.optionalNumber("max_single_trade_amount_sol", 0, MAX_SOL);
        ORIGINAL_AUTONOMY_KEYS.forEach(autonomy::value);
        autonomy.finish();
    }

    private static void mints(Section tokens, String key) {
        Section.Value list = tokens.value(key);
        if (list == null) {
            return;
        }
        if (!list.node().isArray()) {
            tokens.reading()
                    .error(list.pointer(), "must be a list of mint addresses, not " + Section.describe(list.node()));
            return;
        }
        int index = 0;
        for (var element : list.node().values()) {
            checkAddress(tokens, new Section.Value(element, list.pointer() + "/" + index++));
        }
    }

    /** A Solana address: 32 bytes in base58, 32 to 44 characters; an empty string (the original's files) is none. */
    private static void checkAddress(Section section, Section.@Nullable Value value) {
        if (value == null) {
            return;
        }
        if (!value.node().isString()) {
            section.reading()
                    .error(
                            value.pointer(),
                            "must be a Solana address (base58 text), not " + Section.describe(value.node()));
            return;
        }
        String address = value.node().stringValue().strip();
        if (!address.isEmpty() && !isBase58Address(address)) {
            section.reading()
                    .error(
                            value.pointer(),
                            "must be a Solana address: 32 to 44 base58 characters, not "
                                    + PersonaProblem.quote(address));
        }
    }

    static boolean isBase58Address(String text) {
        if (text.length() < 32 || text.length() > 44) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean digit = c >= '1' && c <= '9';
            boolean upper = c >= 'A' && c <= 'Z' && c != 'I' && c != 'O';
            boolean lower = c >= 'a' && c <= 'z' && c != 'l';
            if (!digit && !upper && !lower) {
                return false;
            }
        }
        return true;
    }
}
