package dev.puppetengine.solana;

import java.util.function.Supplier;

/**
 * Runs {@link Trader#recover()} when the ledger holds unsettled rows, on start-up and on the recurring
 * {@code trade-recovery} task; with none (every engine that does not trade live) nothing is built or asked.
 */
public final class TradeRecovery {

    private final TradeLedger ledger;
    private final Supplier<Trader> trader;

    public TradeRecovery(TradeLedger ledger, Supplier<Trader> trader) {
        this.ledger = ledger;
        this.trader = trader;
    }

    /** One pass; how many rows it settled or moved. */
    public int runOnce() {
        if (ledger.listUnsettled().isEmpty()) {
            return 0;
        }
        return trader.get().recover();
    }
}
