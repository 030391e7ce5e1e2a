package dev.puppetengine.solana;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Objects;

/**
 * What a wallet holds of one SPL token: {@code amount} in the mint's base units, {@code decimals} of the mint (so
 * {@code amount / 10^decimals} is the amount people read).
 */
public record TokenBalance(String mint, BigInteger amount, int decimals) {

    public TokenBalance {
        Objects.requireNonNull(mint);
        if (amount.signum() < 0) {
            throw new IllegalArgumentException("token amount must be ≥ 0, was " + amount);
        }
        if (decimals < 0 || decimals > 255) {
            throw new IllegalArgumentException("decimals must be 0-255, was " + decimals);
        }
    }

    /** The amount in whole tokens. */
    public BigDecimal uiAmount() {
        return new BigDecimal(amount, decimals);
    }

    TokenBalance plus(BigInteger more) {
        return new TokenBalance(mint, amount.add(more), decimals);
    }
}
