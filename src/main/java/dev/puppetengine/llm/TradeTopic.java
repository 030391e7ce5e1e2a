package dev.puppetengine.llm;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a trade post is about (DESIGN §7): a fill, in the words a post prompt's topic carries — {@code bought: 1200
 * BONK, paid 0.05 SOL, on paper. Your reason: ...} — and read back by the offline composer. Amounts are as people
 * read them (whole tokens, SOL).
 */
public record TradeTopic(boolean bought, String amount, String symbol, String sol, boolean paper, String reason) {

    private static final String PREFIX = "a trade you just made: ";
    private static final Pattern TOPIC = Pattern.compile(Pattern.quote(PREFIX)
            + "(bought|sold): (\\S+) (\\S+), (?:paid|got) (\\S+) SOL(, on paper)?\\. Your reason: (.*)$");

    public TradeTopic {
        Objects.requireNonNull(amount);
        Objects.requireNonNull(symbol);
        Objects.requireNonNull(sol);
        reason = reason.replaceAll("\\s+", " ").strip();
    }

    /** The topic line of the post prompt: one line, so it reads back whole. */
    public String render() {
        return PREFIX + (bought ? "bought: " : "sold: ") + amount + " " + symbol + (bought ? ", paid " : ", got ") + sol
                + " SOL" + (paper ? ", on paper" : "") + ". Your reason: " + reason;
    }

    /** The trade a topic line names, if it is a trade post's. */
    public static Optional<TradeTopic> read(String topic) {
        Matcher m = TOPIC.matcher(topic.strip());
        if (!m.matches()) {
            return Optional.empty();
        }
        return Optional.of(new TradeTopic(
                m.group(1).equals("bought"), m.group(2), m.group(3), m.group(4), m.group(5) != null, m.group(6)));
    }
}
