package dev.puppetengine.solana;

import dev.puppetengine.persona.PersonaId;
import java.math.BigInteger;

/**
 * The paper portfolios of personas that trade simulated: SOL in lamports and tokens in base units by mint. Seeded on
 * first use; a fill moves amounts and never lets one go below zero. Joins the caller's Spring transaction, so a fill
 * and its ledger row commit together.
 */
public interface PaperHoldings {

    /** The paper balances of {@code persona}; the first read seeds it with {@code seedLamports} of SOL. */
    WalletBalances balances(PersonaId persona, long seedLamports);

    /**
     * Spends {@code inAmount} of {@code inputMint}, receives {@code outAmount} of {@code outputMint} (a token of
     * {@code outDecimals}), and pays {@code feeLamports} of SOL. Throws {@link IllegalStateException} when the
     * portfolio does not hold enough; then nothing changes.
     */
    void fill(
            PersonaId persona,
            String inputMint,
            BigInteger inAmount,
            String outputMint,
            BigInteger outAmount,
            int outDecimals,
            long feeLamports);
}
