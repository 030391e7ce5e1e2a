package dev.puppetengine.solana;

import java.math.BigInteger;

/**
 * Where quotes come from ({@code puppet.solana.market}): Jupiter, or the {@link SandboxMarket}. A quote is for an
 * exact input of {@code amount} base units; failures are {@link dev.puppetengine.shared.ExternalServiceException}s.
 */
@FunctionalInterface
public interface Market {
    JupiterQuote quote(String inputMint, String outputMint, BigInteger amount, int slippageBps);
}
