package dev.puppetengine.solana;

/** The verdict of {@link TradeLimits}: {@link Allowed}, or {@link Refused} by one {@link TradeLimit} with a reason. */
public sealed interface TradeCheck permits TradeCheck.Allowed, TradeCheck.Refused {

    record Allowed() implements TradeCheck {}

    record Refused(TradeLimit limit, String reason) implements TradeCheck {}
}
