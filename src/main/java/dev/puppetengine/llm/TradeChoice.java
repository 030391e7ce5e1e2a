package dev.puppetengine.llm;

import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What a trading persona decides at its trading slot (DESIGN §7): {@code buy} spends {@code amount} SOL on
 * {@code mint}, {@code sell} sells {@code amount} whole tokens of {@code mint} for SOL, {@code hold} does nothing
 * ({@code mint} and {@code amount} are then ignored). The amount is never clamped here: the trade desk's hard limits
 * refuse what is too much, and the ledger says which limit. {@code reason} is the persona's explanation.
 */
public record TradeChoice(Action action, String mint, double amount, String reason) {

    public enum Action {
        BUY,
        SELL,
        HOLD;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public TradeChoice(Action action, @Nullable String mint, double amount, @Nullable String reason) {
        this.action = Objects.requireNonNull(action, "action");
        this.mint = mint == null ? "" : mint.strip();
        if (action != Action.HOLD && this.mint.isEmpty()) {
            throw new IllegalArgumentException("mint: must name the token to " + action.wireName());
        }
        if (!Double.isFinite(amount)) {
            throw new IllegalArgumentException("amount: must be a number");
        }
        this.amount = amount;
        this.reason = StructuredValues.requireText(reason, "reason", 500);
    }

    public static TradeChoice hold(String reason) {
        return new TradeChoice(Action.HOLD, "", 0, reason);
    }
}
