package dev.puppetengine.solana;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.puppetengine.persona.PersonaSpec.Behaviour;
import dev.puppetengine.persona.PersonaSpec.ContentPreferences;
import dev.puppetengine.persona.PersonaSpec.InteractionPatterns;
import dev.puppetengine.persona.PersonaSpec.PostFrequency;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class TradingSettingsTest {

    static Behaviour behaviour(Map<String, Object> trading, Map<String, Object> solana) {
        return new Behaviour(
                new PostFrequency(3, 12, List.of(), ZoneOffset.UTC),
                new InteractionPatterns(0.5, 0.3, 0.7),
                new ContentPreferences(3, 240, null, 0.2),
                trading,
                solana,
                Map.of());
    }

    private static TradingSettings frequency(double min, double max, double p) {
        return TradingSettings.fromPersona(behaviour(
                Map.of(
                        "trading_frequency",
                        Map.of(
                                "min_hours_between_trades",
                                min,
                                "max_hours_between_trades",
                                max,
                                "random_probability",
                                p)),
                Map.of("trading_enabled", true)));
    }

    @Nested
    class Reading {

        @Test
        void a_persona_without_trading_blocks_does_not_trade_and_gets_the_original_defaults() {
            TradingSettings settings = TradingSettings.fromPersona(behaviour(Map.of(), Map.of()));

            assertThat(settings.enabled()).isFalse();
            assertThat(settings.minBetweenTrades()).isEqualTo(Duration.ofHours(12));
            assertThat(settings.maxBetweenTrades()).isEqualTo(Duration.ofHours(72));
            assertThat(settings.randomProbability()).isEqualTo(0.15);
            assertThat(settings.tradeTweetProbability()).isEqualTo(1.0);
            assertThat(settings.alwaysTradable()).isEmpty();
            assertThat(settings.considerTrending()).isFalse();
        }

        @Test
        void reads_the_original_keys_in_snake_case() {
            TradingSettings settings = TradingSettings.fromPersona(behaviour(
                    Map.of(
                            "trading_frequency",
                            Map.of(
                                    "min_hours_between_trades",
                                    0.5,
                                    "max_hours_between_trades",
                                    2,
                                    "random_probability",
                                    0.4),
                            "trade_tweet_probability",
                            0.25,
                            "allowed_tokens",
                            Map.of(
                                    "always_tradable",
                                    List.of(SolanaFixtures.USDC, SolanaFixtures.BONK, SolanaFixtures.USDC),
                                    "blacklist",
                                    List.of(SolanaFixtures.BONK),
                                    "consider_trending",
                                    true)),
                    Map.of("trading_enabled", true)));

            assertThat(settings.enabled()).isTrue();
            assertThat(settings.minBetweenTrades()).isEqualTo(Duration.ofMinutes(30));
            assertThat(settings.maxBetweenTrades()).isEqualTo(Duration.ofHours(2));
            assertThat(settings.randomProbability()).isEqualTo(0.4);
            assertThat(settings.tradeTweetProbability()).isEqualTo(0.25);
            assertThat(settings.alwaysTradable()).containsExactly(SolanaFixtures.USDC, SolanaFixtures.BONK);
            assertThat(settings.blacklist()).containsExactly(SolanaFixtures.BONK);
            assertThat(settings.considerTrending()).isTrue();
        }

        @Test
        void reads_camel_case_and_takes_an_explicit_zero_as_a_value() {
            TradingSettings settings = TradingSettings.fromPersona(behaviour(
                    Map.of(
                            "tradingFrequency",
                            Map.of("minHoursBetweenTrades", 0, "maxHoursBetweenTrades", 0, "randomProbability", 0),
                            "tradeTweetProbability",
                            0),
                    Map.of("tradingEnabled", true)));

            assertThat(settings.enabled()).isTrue();
            assertThat(settings.minBetweenTrades()).isZero();
            assertThat(settings.maxBetweenTrades()).isZero();
            assertThat(settings.randomProbability()).isZero();
            assertThat(settings.tradeTweetProbability()).isZero();
        }

        @Test
        void a_wrong_value_fails_naming_its_key() {
            assertThatThrownBy(() ->
                            TradingSettings.fromPersona(behaviour(Map.of("trade_tweet_probability", 1.5), Map.of())))
                    .hasMessageContaining("trade_tweet_probability");
            assertThatThrownBy(() -> frequency(5, 2, 0.1)).hasMessageContaining("max_hours_between_trades");
            assertThatThrownBy(() -> TradingSettings.fromPersona(behaviour(Map.of(), Map.of("trading_enabled", "yes"))))
                    .hasMessageContaining("solana_integration.trading_enabled");
            assertThat(TradingSettings.isEnabled(behaviour(Map.of(), Map.of("trading_enabled", "yes"))))
                    .isFalse();
        }
    }

    @Nested
    class Schedule {

        @Test
        void a_certain_draw_decides_at_the_minimum_and_no_chance_waits_for_the_maximum() {
            SplittableRandom random = new SplittableRandom(1);

            assertThat(TradingSchedule.nextInterval(frequency(2, 10, 1), random))
                    .isEqualTo(Duration.ofHours(2));
            assertThat(TradingSchedule.nextInterval(frequency(2, 10, 0), random))
                    .isEqualTo(Duration.ofHours(10));
        }

        @Test
        void every_wait_is_between_the_minimum_and_the_maximum_on_the_check_grid() {
            TradingSettings settings = frequency(1, 3, 0.15);
            SplittableRandom random = new SplittableRandom(7);
            long atMax = 0;
            for (int i = 0; i < 2_000; i++) {
                Duration wait = TradingSchedule.nextInterval(settings, random);
                assertThat(wait).isBetween(Duration.ofHours(1), Duration.ofHours(3));
                assertThat(wait.minus(Duration.ofHours(1)).toMillis() % TradingSchedule.CHECK.toMillis())
                        .isZero();
                atMax += wait.equals(Duration.ofHours(3)) ? 1 : 0;
            }
            // 12 failed checks in a row: (0.85)^12 ≈ 14 % reach the maximum
            assertThat(atMax).isBetween(150L, 420L);
        }

        @Test
        void two_decisions_are_never_closer_than_one_check() {
            assertThat(TradingSchedule.nextInterval(frequency(0, 0, 1), new SplittableRandom(3)))
                    .isEqualTo(TradingSchedule.CHECK);
        }
    }
}
