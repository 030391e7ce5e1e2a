package dev.puppetengine.persona.format;

import static org.assertj.core.api.Assertions.assertThat;

import dev.puppetengine.persona.PersonaProblem;
import dev.puppetengine.persona.PersonaSpec;
import dev.puppetengine.persona.format.PersonaDocuments.FileResult;
import dev.puppetengine.persona.format.PersonaDocuments.Syntax;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Wrong values of the trading keys the engine reads are located problems when the file is read. */
class TradingBlocksTest {

    private static final String USDC = "EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v";

    private final PersonaDocuments documents = new PersonaDocuments(Map.<String, String>of()::get);

    private FileResult json(String content) {
        return documents.read(content, Syntax.JSON, "t.json", "t.json");
    }

    private static List<String> lines(FileResult result) {
        return result.problems().stream().map(PersonaProblem::describe).toList();
    }

    static Stream<Arguments> errors() {
        return Stream.of(
                Arguments.of(
                        "\"solana_integration\": {\"trading_enabled\": \"yes\"}",
                        "/solana_integration/trading_enabled: must be true or false, not a string"),
                Arguments.of(
                        "\"solana_integration\": {\"trade_safety\": {\"max_trade_amount_sol\": \"0.1\"}}",
                        "/solana_integration/trade_safety/max_trade_amount_sol: must be a number from 0 to"
                                + " 1000000000, got a string"),
                Arguments.of(
                        "\"behavior\": {\"solana_integration\": {\"trade_safety\": {\"max_slippage_percent\": 150}}}",
                        "/behavior/solana_integration/trade_safety/max_slippage_percent: must be a number from 0 to"
                                + " 100, got 150"),
                Arguments.of(
                        "\"solana_integration\": {\"trade_safety\": {\"min_wallet_balance_sol\": -1}}",
                        "/solana_integration/trade_safety/min_wallet_balance_sol: must be a number from 0 to"
                                + " 1000000000, got -1"),
                Arguments.of(
                        "\"solana_integration\": {\"wallet_address\": \"0x12ab\"}",
                        "/solana_integration/wallet_address: must be a Solana address: 32 to 44 base58 characters,"
                                + " not '0x12ab'"),
                Arguments.of(
                        "\"behavior\": {\"trading_behavior\": {\"trading_frequency\": {\"random_probability\": 1.5}}}",
                        "/behavior/trading_behavior/trading_frequency/random_probability: must be a number from 0"
                                + " to 1, got 1.5"),
                Arguments.of(
                        "\"behavior\": {\"trading_behavior\": {\"trading_frequency\": {\"min_hours_between_trades\":"
                                + " 12, \"max_hours_between_trades\": 2}}}",
                        "/behavior/trading_behavior/trading_frequency/max_hours_between_trades:"
                                + " max_hours_between_trades (2) must not be less than min_hours_between_trades (12)"),
                Arguments.of(
                        "\"behavior\": {\"trading_behavior\": {\"allowed_tokens\": {\"always_tradable\": [\"" + USDC
                                + "\", \"BONK\"]}}}",
                        "/behavior/trading_behavior/allowed_tokens/always_tradable/1: must be a Solana address: 32"
                                + " to 44 base58 characters, not 'BONK'"),
                Arguments.of(
                        "\"behavior\": {\"trading_behavior\": {\"allowed_tokens\": {\"blacklist\": \"" + USDC + "\"}}}",
                        "/behavior/trading_behavior/allowed_tokens/blacklist: must be a list of mint addresses, not a"
                                + " string"),
                Arguments.of(
                        "\"agent_kit_integration\": {\"autonomy_rules\": {\"max_daily_trades\": 2.5}}",
                        "/agent_kit_integration/autonomy_rules/max_daily_trades: must be a whole number from 0 to"
                                + " 10000, got 2.5"));
    }

    /** The keys with {@code solana_integration.trading_enabled: true} added, where the case has not set it. */
    private static String enabled(String keys) {
        if (keys.contains("trading_enabled")) {
            return keys;
        }
        if (keys.contains("\"solana_integration\": {")) {
            return keys.replaceFirst(
                    "\"solana_integration\": \\{", "\"solana_integration\": {\"trading_enabled\": true, ");
        }
        return keys + ", \"solana_integration\": {\"trading_enabled\": true}";
    }

    @Test
    void blocks_of_a_persona_that_does_not_trade_are_kept_as_written_without_problems() {
        FileResult result = json("{\"id\": \"t\", \"behavior\": {\"trading_behavior\": {\"trading_frequency\":"
                + " \"every 4 hours\"}}, \"solana_integration\": {\"safety\": {\"max_slippage_bps\": 100}}}");

        assertThat(lines(result)).isEmpty();
        assertThat(PersonaDocumentsTest.requireValid(result).behaviour().tradingBehavior())
                .containsEntry("trading_frequency", "every 4 hours");
    }

    @ParameterizedTest
    @MethodSource("errors")
    void a_wrong_trading_value_is_one_located_problem_and_the_file_is_invalid(String keys, String expected) {
        FileResult result = json("{\"id\": \"t\", " + enabled(keys) + "}");

        assertThat(lines(result)).containsExactly("t.json: " + expected);
        assertThat(result.valid()).isFalse();
    }

    @Test
    void a_misspelled_limit_is_a_warning_and_the_file_still_loads() {
        FileResult result = json("{\"id\": \"t\", \"solana_integration\": {\"trading_enabled\": true, \"trade_safety\":"
                + " {\"max_trade_sol\": 0.1}}}");

        assertThat(result.valid()).isTrue();
        assertThat(lines(result))
                .containsExactly(
                        "t.json: /solana_integration/trade_safety/max_trade_sol: warning: unknown key," + " ignored");
    }

    @Test
    void the_original_coby_agent_blocks_load_unchanged_with_their_empty_strings_and_extra_keys() {
        String coby = """
                {"id": "coby", "name": "Coby",
                 "solana_integration": {"wallet_address": "", "private_key": "", "network": "mainnet-beta",
                   "rpc_url": "https://api.mainnet-beta.solana.com",
                   "trade_safety": {"max_trade_amount_sol": 0.1, "min_wallet_balance_sol": 0.05,
                     "max_slippage_percent": 1.0},
                   "trading_enabled": true},
                 "behavior": {"trading_behavior": {
                   "trading_frequency": {"min_hours_between_trades": 12, "max_hours_between_trades": 72,
                     "random_probability": 0.15},
                   "trade_decision_factors": ["trending_tokens", "top_gainers", "random_selection", "mood"],
                   "trade_tweet_probability": 1.0,
                   "allowed_tokens": {"always_tradable": ["So11111111111111111111111111111111111111112",
                     "%s"], "consider_trending": true, "blacklist": []}}},
                 "agent_kit_integration": {"enabled": true,
                   "methods": {"allowed": ["getTokenInfo", "swapTokens"], "autonomous_only": ["swapTokens"]},
                   "autonomy_rules": {"ignore_human_trading_requests": true, "max_daily_trades": 3,
                     "max_single_trade_amount_sol": 0.1, "require_trending_validation": true}}}
                """.formatted(USDC);

        FileResult result = json(coby);

        assertThat(lines(result)).isEmpty();
        PersonaSpec persona = PersonaDocumentsTest.requireValid(result);
        assertThat(persona.behaviour().solanaIntegration()).containsEntry("trading_enabled", true);
        assertThat(persona.behaviour().agentKitIntegration()).containsKey("methods");
    }
}
