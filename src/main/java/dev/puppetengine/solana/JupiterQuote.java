package dev.puppetengine.solana;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Objects;

/**
 * A Jupiter quote ({@code GET /quote}): amounts in base units of their mints; {@code slippageBps} the slippage the
 * swap will accept; {@code priceImpactPct} as Jupiter sends it, read as a fraction (0.01 = 1 %), the stricter of the
 * two readings its docs allow. {@code json} is the response itself, passed back unchanged to {@code /swap}.
 */
public record JupiterQuote(
        String inputMint,
        String outputMint,
        BigInteger inAmount,
        BigInteger outAmount,
        BigInteger otherAmountThreshold,
        String swapMode,
        int slippageBps,
        BigDecimal priceImpactPct,
        String json) {

    public JupiterQuote {
        Objects.requireNonNull(inputMint);
        Objects.requireNonNull(outputMint);
        if (inAmount.signum() < 0 || outAmount.signum() < 0 || otherAmountThreshold.signum() < 0) {
            throw new IllegalArgumentException("quote amounts must be ≥ 0");
        }
        if (slippageBps < 0) {
            throw new IllegalArgumentException("slippageBps must be ≥ 0, was " + slippageBps);
        }
    }

    /** The price impact in percent ({@code priceImpactPct × 100}), never negative. */
    public BigDecimal priceImpactPercent() {
        return priceImpactPct.abs().movePointRight(2);
    }

    @Override
    public String toString() {
        return "JupiterQuote[" + inAmount + " " + inputMint + " → " + outAmount + " " + outputMint + ", slippage "
                + slippageBps + " bps, impact " + priceImpactPct + "]";
    }
}
