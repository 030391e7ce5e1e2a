package dev.puppetengine.agent;

import dev.puppetengine.llm.CallSampling;
import dev.puppetengine.llm.CallType;
import dev.puppetengine.llm.GenerationRequest;
import dev.puppetengine.llm.StructuredDecisions;
import dev.puppetengine.llm.TradeBrief;
import dev.puppetengine.llm.TradeChoice;
import dev.puppetengine.persona.PersonaId;
import dev.puppetengine.persona.PersonaSpec;
import dev.puppetengine.shared.ExternalServiceException;
import dev.puppetengine.solana.KnownTokens;
import dev.puppetengine.solana.Portfolio;
import dev.puppetengine.solana.Portfolios;
import dev.puppetengine.solana.TokenBalance;
import dev.puppetengine.solana.Trade;
import dev.puppetengine.solana.TradeDecision;
import dev.puppetengine.solana.TradeDesk;
import dev.puppetengine.solana.TradeLedger;
import dev.puppetengine.solana.TradeLimitSettings;
import dev.puppetengine.solana.TradeLimits;
import dev.puppetengine.solana.TradeStatus;
import dev.puppetengine.solana.TradingSchedule;
import dev.puppetengine.solana.TradingSettings;
import dev.puppetengine.solana.WalletBalances;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A trading persona's decision at its trading slot (DESIGN §7, task {@code trade-due}). Candidates: the
 * {@code always_tradable} mints less the {@code blacklist} and SOL itself (buys), and the tokens it holds (sells). The
 * persona's model gets its persona, mood, SOL, holdings, candidates, limits and recent trades — never a mention, post,
 * event or memory — and answers {@code buy|sell|hold}, a mint, an amount and why ({@link TradeChoice}). The choice goes
 * to the {@link TradeDesk} as it is, never clamped: the desk's hard limits refuse what breaks one, and a mint outside the
 * candidates is refused there too. Every decision, a hold too, leaves a decision-log line; the next slot is drawn by
 * {@link TradingSchedule}. Runs as the persona (one step of a persona at a time).
 */
public final class Trading {

    private static final Logger log = LoggerFactory.getLogger(Trading.class);
    private static final Duration FIRST_TRADE_MIN = Duration.ofMinutes(1);
    private static final Duration FIRST_TRADE_MAX = Duration.ofMinutes(5);
    private static final Duration RETRY_AFTER = TradingSchedule.CHECK;
    private static final int RECENT_TRADES = 5;
    private static final String NO_TRENDING =
            "consider_trending is set, but there is no trending source: candidates are always_tradable and holdings";

    private final Engine engine;
    private final PersonaStateStore states;
    private final PostPrompts prompts;
    private final StructuredDecisions structured;
    private final CallSampling sampling;
    private final Supplier<@Nullable TradeDesk> desk;
    private final Supplier<@Nullable Portfolios> portfolios;
    private final TradeLedger ledger;
    private final DecisionLog decisions;
    private final RandomGenerator random;
    private final Clock clock;
    private final boolean tradingOn;

    /**
     * {@code desk} and {@code portfolios} may be missing (null) in a build without trade execution.
     *
     * @param tradingOn {@code puppet.solana.trading}: false stops every persona's trading (no {@code trade-due}
     *     instance, a waiting one removes itself), whatever the persona files say
     */
    public Trading(
            Engine engine,
            PersonaStateStore states,
            PostPrompts prompts,
            StructuredDecisions structured,
            CallSampling sampling,
            Supplier<@Nullable TradeDesk> desk,
            Supplier<@Nullable Portfolios> portfolios,
            TradeLedger ledger,
            DecisionLog decisions,
            RandomGenerator random,
            Clock clock,
            boolean tradingOn) {
        this.tradingOn = tradingOn;
        this.engine = Objects.requireNonNull(engine);
        this.states = Objects.requireNonNull(states);
        this.prompts = Objects.requireNonNull(prompts);
        this.structured = Objects.requireNonNull(structured);
        this.sampling = Objects.requireNonNull(sampling);
        this.desk = Objects.requireNonNull(desk);
        this.portfolios = Objects.requireNonNull(portfolios);
        this.ledger = Objects.requireNonNull(ledger);
        this.decisions = Objects.requireNonNull(decisions);
        this.random = Objects.requireNonNull(random);
        this.clock = Objects.requireNonNull(clock);
    }

    /** The idempotency key of the slot's trade: the same slot never yields a second ledger row. */
    public static String keyOf(PersonaId personaId, Instant slot) {
        return "trade-due:" + personaId + ":" + slot.toEpochMilli();
    }

    /** Whether the persona is configured to trade ({@code solana_integration.trading_enabled: true}). */
    public static boolean trades(PersonaSpec persona) {
        return TradingSettings.isEnabled(persona.behaviour());
    }

    /** The active personas that trade, ordered by id: those that get a {@code trade-due} instance. */
    public List<PersonaId> listTradingPersonas() {
        if (!tradingOn) {
            return List.of();
        }
        return engine.listActivePersonas().stream()
                .filter(id -> engine.findActive(id).map(Trading::trades).orElse(false))
                .toList();
    }

    /** When a persona without a trading slot decides first: a few minutes from now, per persona. */
    public Instant scheduleFirstTrade(PersonaId personaId) {
        long spread = FIRST_TRADE_MAX.minus(FIRST_TRADE_MIN).toMillis();
        return clock.instant()
                .plus(FIRST_TRADE_MIN)
                .plusMillis(random.nextLong(spread))
                .truncatedTo(ChronoUnit.MILLIS);
    }

    /**
     * Decides (and trades) for the slot {@code slot} and returns when the persona decides next; empty when it stops
     * (paused, gone, trading switched off, or its trading settings cannot be read). Safe to run again for a slot whose
     * trade is in the ledger: it is not traded again.
     */
    public Optional<Instant> tradeDue(PersonaId personaId, Instant slot) {
        return engine.asPersona(personaId, () -> {
            Optional<PersonaSpec> found = engine.findActive(personaId);
            if (found.isEmpty() || !trades(found.get()) || !tradingOn) {
                log.info(
                        "{} is paused, gone or does not trade (or puppet.solana.trading is off); its trading schedule"
                                + " stops",
                        personaId);
                return Optional.empty();
            }
            PersonaSpec persona = found.get();
            String key = keyOf(personaId, slot);
            TradingSettings settings;
            TradeLimitSettings limits;
            try {
                settings = TradingSettings.fromPersona(persona.behaviour());
                limits = TradeLimitSettings.fromPersona(persona.behaviour());
            } catch (IllegalArgumentException e) {
                decide(personaId, Decision.Outcome.FAILED, "trading stops: " + e.getMessage(), key);
                log.warn("{} cannot trade: {}", personaId, e.getMessage());
                return Optional.empty();
            }
            Optional<Trade> before = ledger.findByKey(key);
            if (before.isPresent()) {
                log.info(
                        "{} traded for slot {} before (trade {})",
                        personaId,
                        slot,
                        before.get().id());
                return Optional.of(next(settings));
            }
            return Optional.of(decideAndTrade(persona, settings, limits, key));
        });
    }

    private Instant decideAndTrade(
            PersonaSpec persona, TradingSettings settings, TradeLimitSettings limits, String key) {
        PersonaId id = persona.id();
        TradeDesk tradeDesk = desk.get();
        Portfolios holdings = portfolios.get();
        if (tradeDesk == null || holdings == null) {
            decide(id, Decision.Outcome.SKIPPED, "trading is not available: no trade desk in this engine", key);
            return next(settings);
        }
        Portfolio portfolio;
        try {
            portfolio = holdings.portfolio(persona);
        } catch (ExternalServiceException e) {
            Instant retry = clock.instant().plus(RETRY_AFTER).truncatedTo(ChronoUnit.MILLIS);
            decide(
                    id,
                    Decision.Outcome.RETRYING,
                    "cannot read the wallet: " + e.getMessage() + "; deciding again at " + retry,
                    key);
            return retry;
        }
        List<String> buyable = buyable(settings);
        WalletBalances balances = portfolio.balances();
        List<TokenBalance> held = balances.tokens().values().stream()
                .filter(token -> token.amount().signum() > 0)
                .sorted(Comparator.comparing(TokenBalance::mint))
                .toList();
        String note = settings.considerTrending() ? " (" + NO_TRENDING + ")" : "";
        if (buyable.isEmpty() && held.isEmpty()) {
            decide(
                    id,
                    Decision.Outcome.SKIPPED,
                    "nothing to trade: always_tradable names no token besides SOL, and nothing is held" + note,
                    key);
            return next(settings);
        }
        TradeBrief brief = brief(persona, portfolio, held, buyable, limits);
        PersonaState state = states.require(id);
        var prompt = prompts.forTradeDecision(persona, state.mood(), brief, key);
        var request = new GenerationRequest(
                persona,
                CallType.TRADE_DECISION,
                prompt.messages(),
                sampling.optionsFor(persona, CallType.TRADE_DECISION),
                PostWriter.seedOf(key));
        StructuredDecisions.Decided<TradeChoice> decided =
                structured.decide(request, TradeChoice.class, TradeChoice.hold("no decision could be made"));
        TradeChoice choice = decided.value();
        String defaulted = decided.defaulted() ? " (" + decided.note() + ")" : "";
        if (choice.action() == TradeChoice.Action.HOLD) {
            decide(id, Decision.Outcome.SKIPPED, "hold: " + choice.reason() + defaulted + note, key);
            log.info("{} holds: {}", id, choice.reason());
            return next(settings);
        }
        TradeDecision decision = toDecision(choice, balances);
        Trade trade = tradeDesk.execute(persona, decision, choice.reason(), key);
        String what = describe(choice) + (trade.simulated() ? " (paper)" : "");
        switch (trade.status()) {
            case SIMULATED, CONFIRMED -> {
                decide(
                        id,
                        trade.side() == TradeDecision.Side.BUY ? Decision.Outcome.BOUGHT : Decision.Outcome.SOLD,
                        what + ": " + choice.reason() + note,
                        key);
                log.info("{} traded: {} (trade {})", id, what, trade.id());
            }
            case REFUSED -> {
                String limit = trade.refusedBy() == null
                        ? "a hard limit"
                        : trade.refusedBy().wireName();
                decide(
                        id,
                        Decision.Outcome.REFUSED,
                        what + " refused by " + limit + ": " + trade.detail() + "; it wanted to because "
                                + choice.reason() + note,
                        key);
                log.info("{} wanted to {}; refused by {}: {}", id, what, limit, trade.detail());
            }
            case FAILED -> {
                decide(id, Decision.Outcome.FAILED, what + " failed: " + trade.detail() + note, key);
                log.warn("{} could not {}: {}", id, what, trade.detail());
            }
            case SIGNED, SENT, UNCONFIRMED -> {
                decide(
                        id,
                        Decision.Outcome.HANDLED,
                        what + " sent (" + trade.status().wireName() + "); its confirmation is followed up: "
                                + choice.reason(),
                        key);
                log.info("{} sent a trade: {} ({})", id, what, trade.status().wireName());
            }
        }
        return next(settings);
    }

    /** The buy candidates: {@code always_tradable} less the {@code blacklist} and SOL (wrapped SOL is the same mint). */
    static List<String> buyable(TradingSettings settings) {
        List<String> mints = new ArrayList<>();
        for (String mint : settings.alwaysTradable()) {
            if (!mint.equals(TradeLimits.SOL_MINT) && !settings.blacklist().contains(mint)) {
                mints.add(mint);
            }
        }
        return mints;
    }

    private TradeBrief brief(
            PersonaSpec persona,
            Portfolio portfolio,
            List<TokenBalance> held,
            List<String> buyable,
            TradeLimitSettings limits) {
        Instant dayStart = LocalDate.ofInstant(
                        clock.instant(), persona.behaviour().postFrequency().timezone())
                .atStartOfDay(persona.behaviour().postFrequency().timezone())
                .toInstant();
        int today = ledger.countToday(persona.id(), dayStart);
        List<String> recent = ledger.recent(persona.id(), RECENT_TRADES).stream()
                .map(Trading::recentLine)
                .toList();
        return new TradeBrief(
                sol(portfolio.balances().lamports()),
                portfolio.simulated(),
                held.stream()
                        .map(token -> new TradeBrief.Token(
                                KnownTokens.symbol(token.mint()),
                                token.mint(),
                                token.uiAmount().stripTrailingZeros()))
                        .toList(),
                buyable.stream()
                        .map(mint -> new TradeBrief.Token(KnownTokens.symbol(mint), mint, BigDecimal.ZERO))
                        .toList(),
                limits.maxTradeSol(),
                limits.minWalletBalanceSol(),
                Math.max(0, limits.maxDailyTrades() - today),
                recent);
    }

    /** One of the persona's recent trades in words, for its prompt. */
    static String recentLine(Trade trade) {
        String symbol = KnownTokens.symbol(trade.tokenMint());
        String side = trade.side() == TradeDecision.Side.BUY ? "buy" : "sell";
        String amount = trade.side() == TradeDecision.Side.BUY
                ? sol(trade.inAmount()).toPlainString() + " SOL of " + symbol
                : whole(trade.inAmount(), trade.inputMint()).toPlainString() + " " + symbol;
        String outcome = trade.filled()
                ? "done"
                : trade.status() == TradeStatus.REFUSED
                        ? "refused by "
                                + (trade.refusedBy() == null
                                        ? "a limit"
                                        : trade.refusedBy().wireName())
                        : trade.status().wireName();
        return side + " " + amount + ": " + outcome;
    }

    /**
     * The choice in the desk's units, unclamped: a buy's SOL as lamports, a sell's whole tokens as base units by the
     * mint's decimals (the wallet's, else the known token's, else 0); fractions below one base unit are dropped.
     */
    static TradeDecision toDecision(TradeChoice choice, WalletBalances balances) {
        BigDecimal amount = BigDecimal.valueOf(choice.amount());
        if (choice.action() == TradeChoice.Action.BUY) {
            return new TradeDecision(TradeDecision.Side.BUY, choice.mint(), baseUnits(amount, 9));
        }
        int decimals = balances.findToken(choice.mint())
                .map(TokenBalance::decimals)
                .orElse(KnownTokens.decimals(choice.mint()).orElse(0));
        return new TradeDecision(TradeDecision.Side.SELL, choice.mint(), baseUnits(amount, decimals));
    }

    private static BigInteger baseUnits(BigDecimal whole, int decimals) {
        return whole.movePointRight(decimals).setScale(0, RoundingMode.DOWN).toBigIntegerExact();
    }

    private static BigDecimal sol(long lamports) {
        return sol(BigInteger.valueOf(lamports));
    }

    private static BigDecimal sol(BigInteger lamports) {
        return new BigDecimal(lamports, 9).stripTrailingZeros();
    }

    private static BigDecimal whole(BigInteger baseUnits, String mint) {
        return new BigDecimal(baseUnits, KnownTokens.decimals(mint).orElse(0)).stripTrailingZeros();
    }

    private static String describe(TradeChoice choice) {
        String symbol = KnownTokens.symbol(choice.mint());
        String amount = BigDecimal.valueOf(choice.amount()).stripTrailingZeros().toPlainString();
        return choice.action() == TradeChoice.Action.BUY
                ? "buy " + symbol + " for " + amount + " SOL"
                : "sell " + amount + " " + symbol;
    }

    private Instant next(TradingSettings settings) {
        return clock.instant()
                .plus(TradingSchedule.nextInterval(settings, random))
                .truncatedTo(ChronoUnit.MILLIS);
    }

    private void decide(PersonaId id, Decision.Outcome outcome, String reason, String key) {
        decisions.record(new Decision(id, Decision.Kind.TRADE, outcome, reason, key, clock.instant()));
    }
}
