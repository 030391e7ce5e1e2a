package dev.puppetengine.solana;

import dev.puppetengine.shared.ExternalServiceException.InvalidRequest;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A simulated market for the sandbox: no network, deterministic prices. Each known token's price in SOL walks
 * randomly on the engine clock (a step per day and per hour since 2026-01-01, drawn from a generator seeded by the
 * mint and the step), so two engines at the same time quote the same. Quotes are shaped like Jupiter's: exact-in,
 * a 0.25 % pool fee, a price impact that grows with the size against a pool of {@link #POOL_SOL} SOL.
 */
public final class SandboxMarket implements Market {

    static final String SERVICE = "sandbox-market";
    private static final Instant ANCHOR = Instant.parse("2026-01-01T00:00:00Z");
    private static final double DAILY_STEP = 0.04;
    private static final double HOURLY_STEP = 0.008;
    private static final BigDecimal FEE = new BigDecimal("0.9975");
    private static final BigDecimal POOL_SOL = new BigDecimal(2_000);
    private static final MathContext PRECISION = MathContext.DECIMAL64;

    /** Starting prices in SOL per whole token. */
    private static final Map<String, BigDecimal> START_PRICES = Map.of(
            KnownTokens.USDC_MINT,
            new BigDecimal("0.0067"),
            "Es9vMFrzaCERmJfrF4H2FYD4KCoNkY11McCe8BenwNYB",
            new BigDecimal("0.0067"),
            KnownTokens.BONK_MINT,
            new BigDecimal("0.00000016"),
            "JUPyiwrYJFskUPiHa7hkeR8VUtAeFoSYbKedZNsDvCN",
            new BigDecimal("0.0055"),
            "EKpQGSJtjMFqKZ9KQanSqYXRcF8fBopzLHYxdM65zcjm",
            new BigDecimal("0.011"),
            "HZ1JovNiVvGrGNiiYvEozEVgZ58xaU3RKwX8eACQBCt3",
            new BigDecimal("0.0021"),
            "J1toso1uCk3RLmjorhTtrVwY9HJ7X8V9yYac6Y7kGCPn",
            new BigDecimal("1.16"),
            "mSoLzYCxHdYgdzU16g5QSh3i5K3z3KZK7ytfqcJm7So",
            new BigDecimal("1.21"));

    private final Clock clock;

    public SandboxMarket(Clock clock) {
        this.clock = clock;
    }

    /** The mints this market quotes against SOL. */
    public static java.util.Set<String> mints() {
        return START_PRICES.keySet();
    }

    @Override
    public JupiterQuote quote(String inputMint, String outputMint, BigInteger amount, int slippageBps) {
        boolean buy = inputMint.equals(TradeLimits.SOL_MINT);
        String token = buy ? outputMint : inputMint;
        if (buy == outputMint.equals(TradeLimits.SOL_MINT)) {
            throw new InvalidRequest(SERVICE, "the sandbox market trades tokens against SOL only", null);
        }
        if (amount.signum() <= 0) {
            throw new IllegalArgumentException("a quote needs an amount > 0, was " + amount);
        }
        BigDecimal price = price(token, clock.instant())
                .orElseThrow(() -> new InvalidRequest(
                        SERVICE, "the sandbox market has no price for " + KnownTokens.symbol(token), null));
        int decimals = KnownTokens.decimals(token).orElseThrow();
        BigDecimal in = new BigDecimal(amount);
        BigDecimal solValue;
        BigInteger out;
        if (buy) {
            solValue = in.movePointLeft(9);
            out = solValue.divide(price, PRECISION)
                    .multiply(FEE)
                    .movePointRight(decimals)
                    .setScale(0, RoundingMode.FLOOR)
                    .toBigInteger();
        } else {
            solValue = in.movePointLeft(decimals).multiply(price, PRECISION);
            out = solValue.multiply(FEE)
                    .movePointRight(9)
                    .setScale(0, RoundingMode.FLOOR)
                    .toBigInteger();
        }
        BigDecimal impact = solValue.divide(POOL_SOL.add(solValue), 6, RoundingMode.HALF_UP);
        BigInteger threshold = new BigDecimal(out)
                .multiply(BigDecimal.ONE.subtract(BigDecimal.valueOf(slippageBps, 4)))
                .setScale(0, RoundingMode.FLOOR)
                .toBigInteger();
        String json = """
                {"inputMint":"%s","inAmount":"%s","outputMint":"%s","outAmount":"%s","otherAmountThreshold":"%s",\
                "swapMode":"ExactIn","slippageBps":%d,"platformFee":null,"priceImpactPct":"%s","routePlan":[\
                {"swapInfo":{"ammKey":"sandbox","label":"Sandbox","inputMint":"%s","outputMint":"%s",\
                "inAmount":"%s","outAmount":"%s","feeAmount":"0","feeMint":"%s"},"percent":100,"bps":10000}],\
                "contextSlot":0,"timeTaken":0}""".formatted(
                        inputMint,
                        amount,
                        outputMint,
                        out,
                        threshold,
                        slippageBps,
                        impact.toPlainString(),
                        inputMint,
                        outputMint,
                        amount,
                        out,
                        inputMint);
        return new JupiterQuote(inputMint, outputMint, amount, out, threshold, "ExactIn", slippageBps, impact, json);
    }

    /** The price of one whole {@code mint} token in SOL at {@code at}, if this market knows the mint. */
    public static java.util.Optional<BigDecimal> price(String mint, Instant at) {
        BigDecimal start = START_PRICES.get(mint);
        if (start == null) {
            return java.util.Optional.empty();
        }
        long hours = Math.max(0, Duration.between(ANCHOR, at).toHours());
        long days = hours / 24;
        long seed = mint.hashCode() * 0x9E3779B97F4A7C15L;
        double walk = 0;
        for (long day = 0; day < days; day++) {
            walk += DAILY_STEP * step(seed, day);
        }
        for (long hour = days * 24; hour < hours; hour++) {
            walk += HOURLY_STEP * step(seed ^ 0x5DEECE66DL, hour);
        }
        return java.util.Optional.of(start.multiply(BigDecimal.valueOf(Math.exp(walk)), PRECISION));
    }

    private static double step(long seed, long index) {
        // Bounded: a walk that drifts far from its start stays a plausible market.
        return Math.max(-3, Math.min(3, new SplittableRandom(seed + index * 0xBF58476D1CE4E5B9L).nextGaussian()));
    }
}
