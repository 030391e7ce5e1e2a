package dev.puppetengine.web.api;

import dev.puppetengine.persona.PersonaCatalog;
import dev.puppetengine.persona.PersonaSpec;
import dev.puppetengine.shared.ExternalServiceException;
import dev.puppetengine.shared.InvalidInputException;
import dev.puppetengine.solana.KnownTokens;
import dev.puppetengine.solana.Portfolio;
import dev.puppetengine.solana.Portfolios;
import dev.puppetengine.solana.TokenBalance;
import dev.puppetengine.solana.Trade;
import dev.puppetengine.solana.TradeLedger;
import dev.puppetengine.solana.TradingSettings;
import dev.puppetengine.solana.WalletBalances;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * A persona's trading (DESIGN §7, §8): {@code GET /api/agents/{id}/portfolio} — its paper portfolio, or its wallet's
 * balances read from chain when it trades live — and {@code GET /api/agents/{id}/trades}, the ledger newest first
 * with each attempt's status, amounts, mints, signature, simulated flag and the hard limit that refused it. Amounts in
 * base units are strings (a u64 does not fit a JSON number everywhere); {@code sol} and {@code uiAmount} are the
 * same amounts in whole tokens; a trade's {@code inputDecimals}/{@code outputDecimals} are known mints' decimals. A
 * persona that does not trade answers {@code tradingEnabled: false} with nothing held; an unknown persona is a 404
 * problem; a live wallet the node cannot read is a 502 problem.
 */
@RestController
final class TradingController {

    static final int MAX_LIMIT = 500;

    private final PersonaCatalog personas;
    private final ObjectProvider<Portfolios> portfolios;
    private final ObjectProvider<TradeLedger> ledger;
    private final Clock clock;

    TradingController(
            PersonaCatalog personas,
            ObjectProvider<Portfolios> portfolios,
            ObjectProvider<TradeLedger> ledger,
            Clock clock) {
        this.personas = personas;
        this.portfolios = portfolios;
        this.ledger = ledger;
        this.clock = clock;
    }

    record TokenView(String mint, String symbol, String amount, int decimals, BigDecimal uiAmount) {

        static TokenView of(TokenBalance balance) {
            return new TokenView(
                    balance.mint(),
                    KnownTokens.symbol(balance.mint()),
                    balance.amount().toString(),
                    balance.decimals(),
                    balance.uiAmount().stripTrailingZeros());
        }
    }

    record PortfolioView(
            String agentId,
            boolean tradingEnabled,
            boolean simulated,
            @Nullable String walletAddress,
            BigDecimal sol,
            String lamports,
            List<TokenView> tokens,
            Instant at) {}

    record TradeView(
            long id,
            Instant decidedAt,
            Instant updatedAt,
            String side,
            String inputMint,
            String inputSymbol,
            @Nullable Integer inputDecimals,
            String outputMint,
            String outputSymbol,
            @Nullable Integer outputDecimals,
            String inAmount,
            @Nullable String outAmount,
            String status,
            boolean simulated,
            @Nullable String signature,
            @Nullable String refusedLimit,
            String reason,
            String detail) {

        static TradeView of(Trade trade) {
            return new TradeView(
                    trade.id(),
                    trade.decidedAt(),
                    trade.updatedAt(),
                    trade.side().name().toLowerCase(Locale.ROOT),
                    trade.inputMint(),
                    KnownTokens.symbol(trade.inputMint()),
                    decimals(trade.inputMint()),
                    trade.outputMint(),
                    KnownTokens.symbol(trade.outputMint()),
                    decimals(trade.outputMint()),
                    trade.inAmount().toString(),
                    trade.outAmount() == null ? null : trade.outAmount().toString(),
                    trade.status().wireName(),
                    trade.simulated(),
                    trade.signature(),
                    trade.refusedBy() == null ? null : trade.refusedBy().wireName(),
                    trade.reason(),
                    trade.detail());
        }
    }

    /** The decimals of a well-known mint, null for others (the amount stays in base units). */
    private static @Nullable Integer decimals(String mint) {
        OptionalInt decimals = KnownTokens.decimals(mint);
        return decimals.isPresent() ? decimals.getAsInt() : null;
    }

    @GetMapping("/api/agents/{id}/portfolio")
    PortfolioView portfolio(@PathVariable String id) {
        PersonaSpec persona = AgentController.requireKnown(personas, "id", id);
        Portfolios source = portfolios.getIfAvailable();
        if (!TradingSettings.isEnabled(persona.behaviour()) || source == null) {
            return new PortfolioView(id, false, true, null, BigDecimal.ZERO, "0", List.of(), clock.instant());
        }
        Portfolio portfolio;
        try {
            portfolio = source.portfolio(persona);
        } catch (ExternalServiceException e) {
            throw new ProblemException(
                    HttpStatus.BAD_GATEWAY,
                    "Wallet unavailable",
                    "the wallet's balances could not be read: " + e.getMessage(),
                    Map.of("id", id));
        }
        WalletBalances balances = portfolio.balances();
        return new PortfolioView(
                id,
                true,
                portfolio.simulated(),
                portfolio.walletAddress(),
                new BigDecimal(balances.lamports()).movePointLeft(9).stripTrailingZeros(),
                Long.toString(balances.lamports()),
                balances.tokens().values().stream()
                        .sorted(Comparator.comparing(TokenBalance::mint))
                        .map(TokenView::of)
                        .toList(),
                portfolio.at());
    }

    @GetMapping("/api/agents/{id}/trades")
    List<TradeView> trades(@PathVariable String id, @RequestParam(defaultValue = "50") int limit) {
        PersonaSpec persona = AgentController.requireKnown(personas, "id", id);
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new InvalidInputException("limit", "must be between 1 and " + MAX_LIMIT);
        }
        TradeLedger trades = ledger.getIfAvailable();
        if (trades == null) {
            return List.of();
        }
        return trades.recent(persona.id(), limit).stream().map(TradeView::of).toList();
    }
}
