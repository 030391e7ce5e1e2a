package dev.puppetengine.solana;

import dev.puppetengine.persona.PersonaId;
import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Every trade attempt, recorded under its idempotency key before anything is attempted (DESIGN §7). A row opens as
 * {@link TradeStatus#FAILED} "not finished", so an attempt cut short before its swap was signed stays an honest
 * record of nothing sent; status changes are compare-and-set on the expected status, so the desk and recovery never
 * both move one row. Thread-safe; joins the caller's Spring transaction when there is one.
 */
public interface TradeLedger {

    /** The detail of a row opened and not (yet) carried further. */
    String NOT_FINISHED = "not finished: stopped before the swap was signed, nothing was sent";

    /** The newest {@code limit} trades of {@code persona}, newest first. */
    List<Trade> recent(PersonaId persona, int limit);

    Optional<Trade> find(long id);

    Optional<Trade> findByKey(String idempotencyKey);

    /** The row for {@code opening}'s key: a new one ({@code created}), or the one already there, left unchanged. */
    Opened open(Opening opening, Instant at);

    /** Trades of {@code persona} decided at or after {@code since} that count against {@code max_daily_trades}. */
    int countToday(PersonaId persona, Instant since);

    /** All rows whose swap was signed and has not settled (SIGNED, SENT, UNCONFIRMED), oldest first. */
    List<Trade> listUnsettled();

    /**
     * Moves row {@code id} from {@code from} to {@code change.status()} with the change's fields (a null field keeps
     * the row's value); false when the row was not in {@code from}.
     */
    boolean move(long id, TradeStatus from, Change change, Instant at);

    /**
     * Stores the signed swap of a row still opening ({@link TradeStatus#FAILED} {@link #NOT_FINISHED}) and moves it to
     * {@link TradeStatus#SIGNED}; false when the row was no longer opening. The one write of a signed transaction.
     */
    boolean signed(long id, BigInteger outAmount, SignedSwap swap, Instant at);

    /** The signed transaction of a row, to send it again byte for byte. */
    Optional<SignedSwap> findSignedSwap(long id);

    /** A new trade attempt before it is quoted. */
    record Opening(
            PersonaId persona,
            String idempotencyKey,
            TradeDecision.Side side,
            String inputMint,
            String outputMint,
            BigInteger inAmount,
            boolean simulated,
            String reason) {
        public Opening {
            Objects.requireNonNull(persona);
            Objects.requireNonNull(idempotencyKey);
            if (idempotencyKey.isBlank() || idempotencyKey.length() > 128) {
                throw new IllegalArgumentException("an idempotency key has 1-128 characters");
            }
            Objects.requireNonNull(side);
            Objects.requireNonNull(inputMint);
            Objects.requireNonNull(outputMint);
            Objects.requireNonNull(inAmount);
            Objects.requireNonNull(reason);
        }
    }

    record Opened(Trade trade, boolean created) {}

    /** A status change and what it learned; null fields stay as they were. */
    record Change(
            TradeStatus status,
            @Nullable BigInteger outAmount,
            @Nullable TradeLimit refusedBy,
            @Nullable String detail) {
        public Change {
            Objects.requireNonNull(status);
        }

        public static Change to(TradeStatus status, String detail) {
            return new Change(status, null, null, detail);
        }
    }

    /** A signed swap: its id (the fee payer's signature), wire bytes in base64, and the block height it expires at. */
    record SignedSwap(String signature, String base64Transaction, long lastValidBlockHeight) {
        public SignedSwap {
            Objects.requireNonNull(signature);
            Objects.requireNonNull(base64Transaction);
        }

        @Override
        public String toString() {
            return "SignedSwap[" + signature + ", valid until block " + lastValidBlockHeight + "]";
        }
    }
}
