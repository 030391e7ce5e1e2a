package dev.puppetengine.solana;

import java.math.BigInteger;
import java.util.Objects;

/**
 * What a persona wants to trade: {@link Side#BUY} spends {@code amount} lamports of SOL on {@code mint};
 * {@link Side#SELL} sells {@code amount} base units of {@code mint} for SOL. Always against SOL; there is no transfer.
 */
public record TradeDecision(Side side, String mint, BigInteger amount) {

    public enum Side {
        BUY,
        SELL
    }

    public TradeDecision {
        Objects.requireNonNull(side);
        Objects.requireNonNull(mint);
        Objects.requireNonNull(amount);
    }
}
