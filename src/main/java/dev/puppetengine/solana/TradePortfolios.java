package dev.puppetengine.solana;

import dev.puppetengine.persona.PersonaSpec;
import java.time.Clock;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * {@link Portfolios}: the paper portfolio (seeded on first read) of a persona that trades simulated; the wallet's SOL
 * and SPL balances over RPC for one that trades live (its key from the environment, as the desk reads it).
 */
public final class TradePortfolios implements Portfolios {

    private final PaperHoldings paper;
    private final Predicate<PersonaSpec> live;
    private final Supplier<SolanaClients> clients;
    private final UnaryOperator<@Nullable String> env;
    private final Clock clock;

    public TradePortfolios(
            PaperHoldings paper,
            Predicate<PersonaSpec> live,
            Supplier<SolanaClients> clients,
            UnaryOperator<@Nullable String> env,
            Clock clock) {
        this.paper = paper;
        this.live = live;
        this.clients = clients;
        this.env = env;
        this.clock = clock;
    }

    @Override
    public Portfolio portfolio(PersonaSpec persona) {
        if (!live.test(persona)) {
            long seed = TradingSwitches.fromPersona(persona.behaviour()).paperBalanceLamports();
            return new Portfolio(persona.id(), true, null, paper.balances(persona.id(), seed), clock.instant());
        }
        Wallet wallet = Wallet.find(persona.id(), null, env)
                .orElseThrow(() -> new IllegalStateException("live trading needs a wallet key: set SOLANA_PRIVATE_KEY_"
                        + persona.id().envSuffix() + " or SOLANA_PRIVATE_KEY"));
        return new Portfolio(
                persona.id(), false, wallet.address(), clients.get().rpc().balances(wallet.address()), clock.instant());
    }
}
