package dev.puppetengine.solana;

import dev.puppetengine.shared.ExternalServiceException;
import dev.puppetengine.shared.ExternalServiceException.InvalidRequest;
import dev.puppetengine.solana.FeePayerSigner.SignedTransaction;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out a swap whose quote already passed {@link TradeLimits}: asks Jupiter for the transaction, signs it
 * locally as fee payer, sends it once, then polls {@code getSignatureStatuses} until it is confirmed, failed, or the
 * confirmation timeout (measured on the injected {@link Clock}) runs out. Never resends. The steps are public for the
 * trade desk, which stores the signed swap between {@link #prepare} and {@link #send}. Thread-safe.
 */
public final class SwapExecution {

    private static final Logger log = LoggerFactory.getLogger(SwapExecution.class);

    /** Waits between two status reads; the engine's pause sleeps, tests advance their clock. */
    @FunctionalInterface
    public interface Pause {
        void pause(Duration duration) throws InterruptedException;
    }

    private final JupiterClient jupiter;
    private final SolanaRpcClient rpc;
    private final Clock clock;
    private final Pause pause;
    private final Duration confirmTimeout;
    private final Duration pollInterval;

    public SwapExecution(
            JupiterClient jupiter,
            SolanaRpcClient rpc,
            Clock clock,
            Pause pause,
            Duration confirmTimeout,
            Duration pollInterval) {
        this.jupiter = jupiter;
        this.rpc = rpc;
        this.clock = clock;
        this.pause = pause;
        this.confirmTimeout = confirmTimeout;
        this.pollInterval = pollInterval;
    }

    /**
     * Swaps along {@code quote} from {@code wallet}. Throws an {@link ExternalServiceException} when nothing was sent
     * (Jupiter or the node refused, or the transaction is not the wallet's to sign); once sent, the outcome is a
     * value carrying the signature.
     */
    public SwapOutcome execute(JupiterQuote quote, Wallet wallet) {
        TradeLedger.SignedSwap signed = prepare(quote, wallet);
        send(signed);
        log.info("wallet {} sent swap {} ({})", wallet.address(), signed.signature(), quote);
        return confirm(signed.signature());
    }

    /**
     * Asks Jupiter for the swap transaction of {@code quote} and signs it locally as fee payer; nothing is sent. A
     * swap without the block height its blockhash is valid until is refused: a crash could not be recovered safely.
     */
    public TradeLedger.SignedSwap prepare(JupiterQuote quote, Wallet wallet) {
        JupiterClient.SwapTransaction unsigned = jupiter.swap(quote, wallet.address());
        if (unsigned.lastValidBlockHeight() <= 0) {
            throw new InvalidRequest(SolanaErrors.JUPITER, "swap answered without a lastValidBlockHeight", null);
        }
        SignedTransaction signed = FeePayerSigner.sign(unsigned.base64(), wallet);
        return new TradeLedger.SignedSwap(signed.signature(), signed.base64(), unsigned.lastValidBlockHeight());
    }

    /**
     * Sends {@code signed} as it is (the same bytes always carry the same signature, so the chain applies them at
     * most once). A node that reports another signature is an error.
     */
    public void send(TradeLedger.SignedSwap signed) {
        String sent = rpc.sendTransaction(signed.base64Transaction());
        if (!sent.equals(signed.signature())) {
            throw new InvalidRequest(
                    SolanaErrors.RPC,
                    "sendTransaction answered signature " + sent + " for " + signed.signature(),
                    null);
        }
    }

    /** Waits for {@code signature} to be confirmed or to fail, up to the confirmation timeout. */
    public SwapOutcome confirm(String signature) {
        Instant deadline = clock.instant().plus(confirmTimeout);
        while (true) {
            Optional<SolanaRpcClient.SignatureStatus> status;
            try {
                status = rpc.findStatus(signature);
            } catch (ExternalServiceException.Transient e) {
                log.warn("status of {} not read, retrying: {}", signature, e.getMessage());
                status = Optional.empty();
            }
            if (status.isPresent()) {
                SolanaRpcClient.SignatureStatus current = status.get();
                String error = current.error();
                if (error != null) {
                    log.info("swap {} failed on chain: {}", signature, error);
                    return new SwapOutcome.Failed(signature, error);
                }
                if (current.landed()) {
                    log.info("swap {} {} in slot {}", signature, current.confirmationStatus(), current.slot());
                    return new SwapOutcome.Confirmed(signature, current.slot(), current.confirmationStatus());
                }
            }
            if (!clock.instant().isBefore(deadline)) {
                log.warn("swap {} not confirmed within {}", signature, confirmTimeout);
                return new SwapOutcome.Unconfirmed(signature);
            }
            try {
                pause.pause(pollInterval);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new SwapOutcome.Unconfirmed(signature);
            }
        }
    }
}
