package dev.puppetengine.llm;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a trading persona is told at its trading slot, besides its persona and mood: the SOL it has, what it holds,
 * what it may buy, its limits and its recent trades — nothing from mentions, posts, events or memories, so no text a
 * stranger wrote reaches a trading prompt. {@link #lines()} is how the prompt shows it; {@link #read} reads it back
 * (the offline composer answers from it). Amounts in whole tokens and SOL.
 */
public record TradeBrief(
        BigDecimal sol,
        boolean simulated,
        List<Token> holdings,
        List<Token> buyable,
        BigDecimal maxTradeSol,
        BigDecimal minBalanceSol,
        int tradesLeftToday,
        List<String> recentTrades) {

    private static final Pattern WALLET = Pattern.compile("^Wallet: (\\S+) SOL");
    private static final Pattern HOLDING = Pattern.compile("^Holding: (\\S+) (\\S+) \\(mint (\\S+)\\)");
    private static final Pattern BUYABLE = Pattern.compile("^May buy: (\\S+) \\(mint (\\S+)\\)");
    private static final Pattern LIMITS =
            Pattern.compile("^Limits: at most (\\S+) SOL per trade; keep (\\S+) SOL; (\\d+) trades left today");
    private static final Pattern RECENT = Pattern.compile("^Recent trade: (.+)$");

    /** One token: {@code amount} held in whole tokens (zero for a buy candidate). */
    public record Token(String symbol, String mint, BigDecimal amount) {
        public Token {
            Objects.requireNonNull(symbol);
            Objects.requireNonNull(mint);
            Objects.requireNonNull(amount);
        }
    }

    public TradeBrief {
        Objects.requireNonNull(sol);
        Objects.requireNonNull(maxTradeSol);
        Objects.requireNonNull(minBalanceSol);
        holdings = List.copyOf(holdings);
        buyable = List.copyOf(buyable);
        recentTrades = List.copyOf(recentTrades);
    }

    /** The brief as prompt lines, one fact each. */
    public List<String> lines() {
        List<String> lines = new ArrayList<>();
        lines.add("Wallet: " + sol.toPlainString() + " SOL" + (simulated ? " (paper trading)" : ""));
        holdings.forEach(t ->
                lines.add("Holding: " + t.amount().toPlainString() + " " + t.symbol() + " (mint " + t.mint() + ")"));
        buyable.forEach(t -> lines.add("May buy: " + t.symbol() + " (mint " + t.mint() + ")"));
        lines.add("Limits: at most " + maxTradeSol.toPlainString() + " SOL per trade; keep "
                + minBalanceSol.toPlainString() + " SOL; " + tradesLeftToday + " trades left today");
        recentTrades.forEach(trade -> lines.add("Recent trade: " + trade));
        lines.add("Buy: amount is the SOL to spend. Sell: amount is whole tokens of what you hold. Or hold.");
        return List.copyOf(lines);
    }

    /** Reads the brief back from prompt text holding its {@link #lines()} (quoted or not); missing facts are empty. */
    public static TradeBrief read(String text) {
        BigDecimal sol = BigDecimal.ZERO;
        boolean simulated = false;
        List<Token> holdings = new ArrayList<>();
        List<Token> buyable = new ArrayList<>();
        BigDecimal maxTrade = BigDecimal.ZERO;
        BigDecimal minBalance = BigDecimal.ZERO;
        int left = 0;
        List<String> recent = new ArrayList<>();
        for (String raw : text.split("\n")) {
            String line = raw.strip().replaceFirst("^>\\s?", "");
            Matcher m;
            try {
                if ((m = WALLET.matcher(line)).find()) {
                    sol = new BigDecimal(m.group(1));
                    simulated = line.contains("(paper trading)");
                } else if ((m = HOLDING.matcher(line)).find()) {
                    holdings.add(new Token(m.group(2), m.group(3), new BigDecimal(m.group(1))));
                } else if ((m = BUYABLE.matcher(line)).find()) {
                    buyable.add(new Token(m.group(1), m.group(2), BigDecimal.ZERO));
                } else if ((m = LIMITS.matcher(line)).find()) {
                    maxTrade = new BigDecimal(m.group(1));
                    minBalance = new BigDecimal(m.group(2));
                    left = Integer.parseInt(m.group(3));
                } else if ((m = RECENT.matcher(line)).find()) {
                    recent.add(m.group(1));
                }
            } catch (NumberFormatException e) {
                // a line that only looks like a fact is not one
            }
        }
        return new TradeBrief(sol, simulated, holdings, buyable, maxTrade, minBalance, left, recent);
    }
}
