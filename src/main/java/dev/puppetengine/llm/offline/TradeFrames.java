package dev.puppetengine.llm.offline;

import dev.puppetengine.llm.TradeTopic;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The frames of an offline trade post, per {@link Voice}: {@code {did}} is what was traded ("picked up 1200 BONK for
 * 0.05 SOL"), {@code {r}} the persona's reason (a long one is not repeated), {@code {T}} the token's symbol. A paper trade says so.
 */
final class TradeFrames {

    private static final Map<Voice, List<String>> FRAMES = Map.of(
            Voice.NOTEBOOK,
            List.of("Trade log: {did}. Why: {r}.", "For the record: {did}. Rationale: {r}."),
            Voice.MUSING,
            List.of("Just {did}. Honestly? {R}.", "Small move today: {did}, mostly because {r}."),
            Voice.QUIET,
            List.of("{Did}. {R}.", "Quietly {did}. {R}."),
            Voice.BRIGHT,
            List.of("{Did}! {R}.", "New move: {did}. Why? {R}!"));

    private static final int MAX_REASON_WORDS = 6;

    private TradeFrames() {}

    static String compose(Voice voice, TradeTopic trade, SplittableRandom random) {
        List<String> frames = java.util.Objects.requireNonNull(FRAMES.get(voice));
        String frame = frames.get(random.nextInt(frames.size()));
        String did = (trade.bought()
                        ? "picked up " + trade.amount() + " " + trade.symbol() + " for " + trade.sol() + " SOL"
                        : "sold " + trade.amount() + " " + trade.symbol() + " for " + trade.sol() + " SOL")
                + (trade.paper() ? " (paper trade)" : "");
        String reason = trade.reason().replaceAll("[.!?]+$", "");
        // the reason stands in the prompt too: quoted at length, the output policy would take it for a leaked prompt
        if (reason.isEmpty() || reason.split("\\s+").length > MAX_REASON_WORDS) {
            reason = "it felt right";
        }
        return frame.replace("{Did}", capitalised(did))
                .replace("{did}", did)
                .replace("{R}", capitalised(reason))
                .replace("{r}", reason)
                .replace("{T}", trade.symbol());
    }

    private static String capitalised(String text) {
        return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }
}
