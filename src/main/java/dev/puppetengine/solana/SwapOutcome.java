package dev.puppetengine.solana;

/**
 * How a sent swap ended: {@link Confirmed} on chain, {@link Failed} on chain (fees spent, nothing swapped), or
 * {@link Unconfirmed} when the confirmation wait ran out; its status must be read again before anything is resent.
 */
public sealed interface SwapOutcome permits SwapOutcome.Confirmed, SwapOutcome.Failed, SwapOutcome.Unconfirmed {

    /** The transaction's signature, its id on chain. */
    String signature();

    record Confirmed(String signature, long slot, String confirmationStatus) implements SwapOutcome {}

    record Failed(String signature, String error) implements SwapOutcome {}

    record Unconfirmed(String signature) implements SwapOutcome {}
}
