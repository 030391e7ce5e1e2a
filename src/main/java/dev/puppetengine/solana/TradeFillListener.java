package dev.puppetengine.solana;

import dev.puppetengine.persona.PersonaSpec;

/**
 * Told after a fill (SIMULATED or CONFIRMED), also for a fill found only by recovery after a restart; never on a
 * failure or refusal. Called after the fill is committed: an exception is logged and does not undo it.
 */
public interface TradeFillListener {
    void filled(PersonaSpec persona, Trade trade);
}
