package dev.puppetengine.solana;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.puppetengine.persona.PersonaSpec.Behaviour;
import dev.puppetengine.persona.PersonaSpec.ContentPreferences;
import dev.puppetengine.persona.PersonaSpec.InteractionPatterns;
import dev.puppetengine.persona.PersonaSpec.PostFrequency;
import java.math.BigDecimal;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TradeLimitSettingsTest {

    private static Behaviour behaviour(
            Map<String, Object> trading, Map<String, Object> solana, Map<String, Object> agentKit) {
        return new Behaviour(
                new PostFrequency(3, 12, List.of(), ZoneOffset.UTC),
                new InteractionPatterns(0.5, 0.3, 0.7),
                new ContentPreferences(3, 240, null, 0.2),
                trading,
                solana,
                agentKit);
    }

    @Test
    void a_persona_without_trading_blocks_gets_the_defaults() {
        assertThat(TradeLimitSettings.fromPersona(behaviour(Map.of(), Map.of(), Map.of())))
                .isEqualTo(TradeLimitSettings.DEFAULTS);
    }

    @Test
    void reads_the_original_keys() {
        Behaviour configured = behaviour(
                Map.of(
                        "allowed_tokens",
                        Map.of(
                                "always_tradable",
                                List.of(SolanaFixtures.USDC),
                                "blacklist",
                                List.of(SolanaFixtures.BONK))),
                Map.of(
                        "trade_safety",
                        Map.of(
                                "max_trade_amount_sol",
                                0.5,
                                "min_wallet_balance_sol",
                                0.2,
                                "max_slippage_percent",
                                0.5)),
                Map.of("autonomy_rules", Map.of("max_daily_trades", 3, "max_single_trade_amount_sol", 0.25)));

        TradeLimitSettings settings = TradeLimitSettings.fromPersona(configured);

        assertThat(settings.maxTradeSol()).isEqualByComparingTo("0.25");
        assertThat(settings.minWalletBalanceSol()).isEqualByComparingTo("0.2");
        assertThat(settings.maxSlippagePercent()).isEqualByComparingTo("0.5");
        assertThat(settings.maxPriceImpactPercent()).isEqualByComparingTo(BigDecimal.ONE);
        assertThat(settings.maxDailyTrades()).isEqualTo(3);
        assertThat(settings.allowedMints()).isEqualTo(Set.of(SolanaFixtures.USDC));
        assertThat(settings.deniedMints()).isEqualTo(Set.of(SolanaFixtures.BONK));
    }

    @Test
    void an_explicit_zero_is_a_limit_not_the_default() {
        Behaviour zero = behaviour(
                Map.of(),
                Map.of("trade_safety", Map.of("max_trade_amount_sol", 0)),
                Map.of("autonomy_rules", Map.of("max_daily_trades", 0)));

        TradeLimitSettings settings = TradeLimitSettings.fromPersona(zero);

        assertThat(settings.maxTradeSol()).isZero();
        assertThat(settings.maxDailyTrades()).isZero();
    }

    @Test
    void accepts_camel_case_keys() {
        Behaviour camel = behaviour(Map.of(), Map.of("tradeSafety", Map.of("maxTradeAmountSol", 0.02)), Map.of());

        assertThat(TradeLimitSettings.fromPersona(camel).maxTradeSol()).isEqualByComparingTo("0.02");
    }

    @Test
    void a_value_of_the_wrong_type_names_its_key() {
        Behaviour wrong = behaviour(Map.of(), Map.of("trade_safety", Map.of("max_slippage_percent", "lots")), Map.of());

        assertThatThrownBy(() -> TradeLimitSettings.fromPersona(wrong))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("trade_safety.max_slippage_percent must be a number ≥ 0");
    }
}
