package dev.puppetengine.solana;

import dev.puppetengine.persona.PersonaSpec;

/**
 * Carries out one decision: quote, the hard limits ({@link TradeLimits}), then a paper fill or the live swap; always
 * ledgered. Idempotent by {@code idempotencyKey}: a key seen before returns its row and does nothing again. Outcomes
 * are rows (REFUSED, FAILED with a detail…), not exceptions.
 */
public interface TradeDesk {
    Trade execute(PersonaSpec persona, TradeDecision decision, String reason, String idempotencyKey);
}
