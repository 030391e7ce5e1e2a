package dev.puppetengine.solana;

import dev.puppetengine.persona.PersonaId;
import java.math.BigInteger;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One trade attempt as the ledger holds it. Amounts in base units of their mints (lamports for SOL); {@code outAmount}
 * is the quote's, null until there was one. {@code reason} is the persona's explanation ({@code ""} if none),
 * {@code detail} the refusal reason or the error ({@code ""} if none, never a secret). {@code signature} is the
 * transaction's id once a live swap was signed.
 */
public record Trade(
        long id,
        PersonaId persona,
        String idempotencyKey,
        Instant decidedAt,
        Instant updatedAt,
        TradeDecision.Side side,
        String inputMint,
        String outputMint,
        BigInteger inAmount,
        @Nullable BigInteger outAmount,
        boolean simulated,
        TradeStatus status,
        @Nullable TradeLimit refusedBy,
        String reason,
        String detail,
        @Nullable String signature) {

    public Trade {
        Objects.requireNonNull(persona);
        Objects.requireNonNull(idempotencyKey);
        Objects.requireNonNull(side);
        Objects.requireNonNull(inputMint);
        Objects.requireNonNull(outputMint);
        Objects.requireNonNull(inAmount);
        Objects.requireNonNull(status);
        Objects.requireNonNull(reason);
        Objects.requireNonNull(detail);
    }

    /** Whether the trade was carried out: confirmed on chain or filled on paper. */
    public boolean filled() {
        return status == TradeStatus.CONFIRMED || status == TradeStatus.SIMULATED;
    }

    /** The traded token: what a buy receives or a sell gives, never SOL. */
    public String tokenMint() {
        return side == TradeDecision.Side.BUY ? outputMint : inputMint;
    }
}
