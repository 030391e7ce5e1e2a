package dev.puppetengine.solana;

import dev.puppetengine.persona.PersonaSpec;

/**
 * A persona's portfolio: paper (seeded with {@code solana_integration.paper_balance_sol} on first use) unless it
 * trades live, then its wallet's balances over RPC. Reading from chain may throw an
 * {@link dev.puppetengine.shared.ExternalServiceException}.
 */
public interface Portfolios {
    Portfolio portfolio(PersonaSpec persona);
}
