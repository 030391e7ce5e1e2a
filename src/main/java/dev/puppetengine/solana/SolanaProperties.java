package dev.puppetengine.solana;

import dev.puppetengine.persona.Secret;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Solana and Jupiter ({@code puppet.solana.*}).
 *
 * @param rpcUrl the JSON-RPC node ({@code SOLANA_RPC_URL})
 * @param jupiterUrl Jupiter's swap API root, without {@code /quote}
 * @param jupiterApiKey sent as {@code x-api-key} when not empty; a secret, never printed
 * @param timeout how long one request may take
 * @param confirmTimeout how long a sent transaction is awaited before it counts as unconfirmed
 * @param confirmPoll the wait between two status reads
 * @param liveTrading the global switch for real swaps; off, nothing is ever sent
 * @param market where quotes come from: {@code jupiter}, or {@code sandbox} (simulated prices, no network); unset,
 *     {@code sandbox} when the X network is the sandbox ({@code puppet.mode: sandbox}), else {@code jupiter}
 */
@Validated
@ConfigurationProperties("puppet.solana")
public record SolanaProperties(
        @DefaultValue("https://api.mainnet-beta.solana.com") URI rpcUrl,
        @DefaultValue("https://api.jup.ag/swap/v1") URI jupiterUrl,
        @DefaultValue("") Secret jupiterApiKey,
        @DefaultValue("10s") Duration timeout,
        @DefaultValue("60s") Duration confirmTimeout,
        @DefaultValue("2s") Duration confirmPoll,
        @DefaultValue("false") boolean liveTrading,
        @Nullable Market market) {

    /** The quote sources of {@code puppet.solana.market}. */
    public enum Market {
        SANDBOX,
        JUPITER
    }

    /** The configured market, else the one that goes with the X network. */
    public Market marketFor(boolean sandboxNetwork) {
        if (market != null) {
            return market;
        }
        return sandboxNetwork ? Market.SANDBOX : Market.JUPITER;
    }

    public SolanaProperties {
        Objects.requireNonNull(rpcUrl, "puppet.solana.rpc-url");
        Objects.requireNonNull(jupiterUrl, "puppet.solana.jupiter-url");
        Objects.requireNonNull(jupiterApiKey, "puppet.solana.jupiter-api-key");
        positive(timeout, "timeout");
        positive(confirmTimeout, "confirm-timeout");
        positive(confirmPoll, "confirm-poll");
    }

    private static void positive(Duration duration, String name) {
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("puppet.solana." + name + " must be positive, was " + duration);
        }
    }
}
