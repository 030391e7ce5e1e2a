package dev.puppetengine.solana;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class KnownTokensTest {

    @Test
    void names_well_known_mints_with_their_decimals_and_shortens_any_other() {
        assertThat(KnownTokens.symbol(TradeLimits.SOL_MINT)).isEqualTo("SOL");
        assertThat(KnownTokens.decimals(TradeLimits.SOL_MINT)).isEqualTo(OptionalInt.of(9));
        assertThat(KnownTokens.symbol(KnownTokens.USDC_MINT)).isEqualTo("USDC");
        assertThat(KnownTokens.decimals(KnownTokens.BONK_MINT)).isEqualTo(OptionalInt.of(5));
        assertThat(KnownTokens.symbol("7xKXtg2CW87d97TXJSDpbD5jBkheTqA83TZRuJosgAsU"))
                .isEqualTo("7xKX…gAsU");
        assertThat(KnownTokens.decimals("7xKXtg2CW87d97TXJSDpbD5jBkheTqA83TZRuJosgAsU"))
                .isEmpty();
        assertThat(KnownTokens.tokenMints()).contains(KnownTokens.USDC_MINT).doesNotContain(TradeLimits.SOL_MINT);
    }
}
