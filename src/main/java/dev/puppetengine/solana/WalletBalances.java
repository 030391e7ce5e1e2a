package dev.puppetengine.solana;

import java.math.BigInteger;
import java.util.Map;
import java.util.Optional;

/** A wallet's SOL (in lamports) and SPL token holdings by mint, as read at one moment. */
public record WalletBalances(long lamports, Map<String, TokenBalance> tokens) {

    public static final long LAMPORTS_PER_SOL = 1_000_000_000L;

    public WalletBalances {
        if (lamports < 0) {
            throw new IllegalArgumentException("lamports must be ≥ 0, was " + lamports);
        }
        tokens = Map.copyOf(tokens);
    }

    public Optional<TokenBalance> findToken(String mint) {
        return Optional.ofNullable(tokens.get(mint));
    }

    /** What is held of {@code mint} in base units, zero when nothing is. */
    public BigInteger held(String mint) {
        return findToken(mint).map(TokenBalance::amount).orElse(BigInteger.ZERO);
    }
}
