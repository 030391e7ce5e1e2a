package dev.puppetengine.solana;

import dev.puppetengine.persona.PersonaId;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What a persona holds: its paper portfolio when it trades {@code simulated}, else its wallet's balances read from
 * chain ({@code walletAddress} then set), as of {@code at}.
 */
public record Portfolio(
        PersonaId persona, boolean simulated, @Nullable String walletAddress, WalletBalances balances, Instant at) {

    public Portfolio {
        Objects.requireNonNull(persona);
        Objects.requireNonNull(balances);
        Objects.requireNonNull(at);
    }
}
