package dev.puppetengine.solana;

import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/** Symbol and decimals of well-known mainnet mints; any other mint is shown shortened ({@code 7xKX…gAsU}). */
public final class KnownTokens {

    public static final String USDC_MINT = "EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v";
    public static final String BONK_MINT = "DezXAZ8z7PnrnRJjz3wXBoRgixCa6xjnB7YaB1pPB263";

    private record Token(String symbol, int decimals) {}

    private static final Map<String, Token> TOKENS = Map.of(
            TradeLimits.SOL_MINT,
            new Token("SOL", 9),
            "EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v",
            new Token("USDC", 6),
            "Es9vMFrzaCERmJfrF4H2FYD4KCoNkY11McCe8BenwNYB",
            new Token("USDT", 6),
            "DezXAZ8z7PnrnRJjz3wXBoRgixCa6xjnB7YaB1pPB263",
            new Token("BONK", 5),
            "JUPyiwrYJFskUPiHa7hkeR8VUtAeFoSYbKedZNsDvCN",
            new Token("JUP", 6),
            "EKpQGSJtjMFqKZ9KQanSqYXRcF8fBopzLHYxdM65zcjm",
            new Token("WIF", 6),
            "HZ1JovNiVvGrGNiiYvEozEVgZ58xaU3RKwX8eACQBCt3",
            new Token("PYTH", 6),
            "J1toso1uCk3RLmjorhTtrVwY9HJ7X8V9yYac6Y7kGCPn",
            new Token("JitoSOL", 9),
            "mSoLzYCxHdYgdzU16g5QSh3i5K3z3KZK7ytfqcJm7So",
            new Token("mSOL", 9));

    private KnownTokens() {}

    /** The symbol of {@code mint} ({@code SOL} for wrapped SOL), else the mint shortened to its first and last four. */
    public static String symbol(String mint) {
        Token token = TOKENS.get(mint);
        if (token != null) {
            return token.symbol();
        }
        return mint.length() <= 10 ? mint : mint.substring(0, 4) + "…" + mint.substring(mint.length() - 4);
    }

    /** The decimals of {@code mint} when it is a known token. */
    public static OptionalInt decimals(String mint) {
        Token token = TOKENS.get(mint);
        return token == null ? OptionalInt.empty() : OptionalInt.of(token.decimals());
    }

    /** Whether {@code mint} is one of the known tokens. */
    public static boolean known(String mint) {
        return TOKENS.containsKey(mint);
    }

    /** The known mints other than SOL, in a stable order. */
    public static List<String> tokenMints() {
        return TOKENS.keySet().stream()
                .filter(mint -> !mint.equals(TradeLimits.SOL_MINT))
                .sorted()
                .toList();
    }
}
