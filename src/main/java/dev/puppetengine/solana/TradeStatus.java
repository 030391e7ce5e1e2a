package dev.puppetengine.solana;

import java.util.Locale;
import java.util.Optional;

/**
 * Where a trade attempt stands in the ledger. {@link #REFUSED} by a hard limit and {@link #FAILED} (nothing swapped)
 * are final, and so are the fills {@link #SIMULATED} (paper) and {@link #CONFIRMED} (on chain). A live swap moves
 * {@link #SIGNED} (stored, maybe not sent) → {@link #SENT} → {@link #CONFIRMED} or {@link #FAILED}, or
 * {@link #UNCONFIRMED} when the confirmation wait ran out; recovery settles those three (docs/SOLANA.md).
 */
public enum TradeStatus {
    REFUSED,
    FAILED,
    SIGNED,
    SENT,
    UNCONFIRMED,
    CONFIRMED,
    SIMULATED;

    /** The name in the ledger and the API: {@code simulated}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The status named {@code name} exactly, if it is one. */
    public static Optional<TradeStatus> fromWireName(String name) {
        for (TradeStatus status : values()) {
            if (status.wireName().equals(name)) {
                return Optional.of(status);
            }
        }
        return Optional.empty();
    }

    /** Signed and maybe sent, not yet known to have landed or failed: recovery reads its status. */
    public boolean unsettled() {
        return this == SIGNED || this == SENT || this == UNCONFIRMED;
    }

    /** Counts against {@code max_daily_trades}: a fill, or a swap that may still land. */
    public boolean countsToday() {
        return unsettled() || this == CONFIRMED || this == SIMULATED;
    }
}
