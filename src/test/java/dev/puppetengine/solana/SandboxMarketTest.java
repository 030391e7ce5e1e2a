package dev.puppetengine.solana;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.puppetengine.shared.ExternalServiceException;
import dev.puppetengine.shared.SettableClock;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class SandboxMarketTest {

    private final SettableClock clock = new SettableClock(Instant.parse("2026-12-01T12:30:00Z"));
    private final SandboxMarket market = new SandboxMarket(clock);
    private final BigInteger tenthSol = BigInteger.valueOf(100_000_000);

    @Test
    void quotes_the_same_at_the_same_engine_time_and_walks_as_time_passes() {
        JupiterQuote first = market.quote(TradeLimits.SOL_MINT, KnownTokens.BONK_MINT, tenthSol, 50);
        JupiterQuote again = new SandboxMarket(clock).quote(TradeLimits.SOL_MINT, KnownTokens.BONK_MINT, tenthSol, 50);
        clock.advance(Duration.ofHours(5));
        JupiterQuote later = market.quote(TradeLimits.SOL_MINT, KnownTokens.BONK_MINT, tenthSol, 50);

        assertThat(again).isEqualTo(first);
        assertThat(later.outAmount()).isNotEqualTo(first.outAmount());
        assertThat(first.inAmount()).isEqualTo(tenthSol);
        assertThat(first.swapMode()).isEqualTo("ExactIn");
        assertThat(first.otherAmountThreshold()).isLessThan(first.outAmount());
        assertThat(first.priceImpactPercent()).isPositive().isLessThan(java.math.BigDecimal.ONE);
    }

    @Test
    void a_round_trip_loses_only_the_fees() {
        JupiterQuote buy = market.quote(TradeLimits.SOL_MINT, KnownTokens.USDC_MINT, tenthSol, 50);
        JupiterQuote sell = market.quote(KnownTokens.USDC_MINT, TradeLimits.SOL_MINT, buy.outAmount(), 50);

        assertThat(sell.outAmount()).isBetween(BigInteger.valueOf(99_400_000), tenthSol);
    }

    @Test
    void its_quotes_read_like_jupiters() {
        JupiterQuote quote = market.quote(TradeLimits.SOL_MINT, KnownTokens.BONK_MINT, tenthSol, 50);

        var json = JsonMapper.builder().build().readTree(quote.json());
        assertThat(json.path("outAmount").asString())
                .isEqualTo(quote.outAmount().toString());
        assertThat(json.path("inputMint").asString()).isEqualTo(TradeLimits.SOL_MINT);
        assertThat(json.path("slippageBps").asInt()).isEqualTo(50);
    }

    @Test
    void an_unknown_mint_or_a_pair_without_sol_has_no_quote() {
        assertThatThrownBy(() -> market.quote(
                        TradeLimits.SOL_MINT, "7xKXtg2CW87d97TXJSDpbD5jBkheTqA83TZRuJosgAsU", tenthSol, 50))
                .isInstanceOf(ExternalServiceException.class)
                .hasMessageContaining("no price for 7xKX…gAsU");
        assertThatThrownBy(() -> market.quote(KnownTokens.USDC_MINT, KnownTokens.BONK_MINT, tenthSol, 50))
                .isInstanceOf(ExternalServiceException.class);
    }
}
