package dev.puppetengine.solana;

import dev.puppetengine.persona.PersonaId;
import dev.puppetengine.persona.PersonaSpec;
import dev.puppetengine.shared.ExternalServiceException;
import dev.puppetengine.solana.TradeDecision.Side;
import dev.puppetengine.solana.TradeLedger.Change;
import dev.puppetengine.solana.TradeLedger.SignedSwap;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The trade desk (DESIGN §7) and its crash recovery; the only code that signs. A decision opens its ledger row by
 * idempotency key, is quoted by the {@link Market}, checked against {@link TradeLimits} with the portfolio and
 * today's count, then filled on paper (one database transaction with its ledger row) or, live, swapped: Jupiter's
 * transaction is signed, stored as SIGNED, sent (SENT), and awaited (CONFIRMED, FAILED or UNCONFIRMED).
 * {@link #recover()} settles what a crash or a timeout left signed, sent or unconfirmed without ever signing again
 * (docs/SOLANA.md). Fill listeners run after the fill is committed. Thread-safe.
 */
public final class Trader implements TradeDesk {

    private static final Logger log = LoggerFactory.getLogger(Trader.class);

    /** What a simulated fill pays, like a swap's base and priority fees. */
    static final long SIMULATED_FEE_LAMPORTS = 5_000;
    /** The slippage asked of a quote, or the persona's maximum when that is lower. */
    static final int QUOTE_SLIPPAGE_BPS = 50;

    private final TradeLedger ledger;
    private final PaperHoldings paper;
    private final Market market;
    private final boolean sandboxMarket;
    private final boolean liveTrading;
    private final Supplier<SolanaClients> clients;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final Supplier<List<TradeFillListener>> listeners;
    private final Function<PersonaId, Optional<PersonaSpec>> personas;
    private final UnaryOperator<@Nullable String> env;
    private final MeterRegistry meters;
    /** Rows this process is carrying out right now; recovery leaves them alone. */
    private final Set<Long> inFlight = ConcurrentHashMap.newKeySet();

    private final ReentrantLock recovering = new ReentrantLock();

    public Trader(
            TradeLedger ledger,
            PaperHoldings paper,
            Market market,
            boolean sandboxMarket,
            boolean liveTrading,
            Supplier<SolanaClients> clients,
            TransactionTemplate transactions,
            Clock clock,
            Supplier<List<TradeFillListener>> listeners,
            Function<PersonaId, Optional<PersonaSpec>> personas,
            UnaryOperator<@Nullable String> env,
            MeterRegistry meters) {
        this.ledger = ledger;
        this.paper = paper;
        this.market = market;
        this.sandboxMarket = sandboxMarket;
        this.liveTrading = liveTrading;
        this.clients = clients;
        this.transactions = transactions;
        this.clock = clock;
        this.listeners = listeners;
        this.personas = personas;
        this.env = env;
        this.meters = meters;
    }

    /** Whether {@code persona} trades live: both {@code puppet.solana.live-trading} and its {@code live_trading}. */
    public boolean live(PersonaSpec persona) {
        return liveTrading && TradingSwitches.fromPersona(persona.behaviour()).liveTrading();
    }

    @Override
    public Trade execute(PersonaSpec persona, TradeDecision decision, String reason, String idempotencyKey) {
        boolean live = live(persona);
        String input = decision.side() == Side.BUY ? TradeLimits.SOL_MINT : decision.mint();
        String output = decision.side() == Side.BUY ? decision.mint() : TradeLimits.SOL_MINT;
        TradeLedger.Opened opened = ledger.open(
                new TradeLedger.Opening(
                        persona.id(), idempotencyKey, decision.side(), input, output, decision.amount(), !live, reason),
                clock.instant());
        Trade trade = opened.trade();
        if (!opened.created()) {
            count("trades", "duplicate", trade.simulated());
            return trade;
        }
        inFlight.add(trade.id());
        try {
            return carryOut(persona, decision, trade, live);
        } finally {
            inFlight.remove(trade.id());
        }
    }

    private Trade carryOut(PersonaSpec persona, TradeDecision decision, Trade trade, boolean live) {
        long id = trade.id();
        try {
            if (live && sandboxMarket) {
                return finish(
                        persona,
                        id,
                        Change.to(
                                TradeStatus.FAILED,
                                "live trading needs real quotes: puppet.solana.market is sandbox (simulated prices)"));
            }
            TradeLimits limits = new TradeLimits(TradeLimitSettings.fromPersona(persona.behaviour()));
            TradingSwitches switches = TradingSwitches.fromPersona(persona.behaviour());
            Wallet wallet = live ? wallet(persona, switches) : null;
            WalletBalances balances = wallet != null
                    ? clients.get().rpc().balances(wallet.address())
                    : paper.balances(persona.id(), switches.paperBalanceLamports());
            int slippage = Math.min(
                    QUOTE_SLIPPAGE_BPS,
                    limits.settings().maxSlippagePercent().movePointRight(2).intValue());
            JupiterQuote quote = market.quote(trade.inputMint(), trade.outputMint(), trade.inAmount(), slippage);
            int today = ledger.countToday(persona.id(), startOfDay(persona));
            TradeCheck check = limits.check(decision, balances, quote, today);
            if (check instanceof TradeCheck.Refused refused) {
                return finish(
                        persona,
                        id,
                        new Change(TradeStatus.REFUSED, quote.outAmount(), refused.limit(), refused.reason()));
            }
            if (wallet == null) {
                return fillOnPaper(persona, trade, quote);
            }
            return swap(persona, trade, quote, wallet);
        } catch (ExternalServiceException | IllegalArgumentException | IllegalStateException e) {
            // Messages of these name services, keys' sources and amounts, never a secret (SolanaErrors, Wallet).
            return finish(persona, id, Change.to(TradeStatus.FAILED, detail(e)));
        }
    }

    private Trade fillOnPaper(PersonaSpec persona, Trade trade, JupiterQuote quote) {
        int decimals = trade.side() == Side.BUY
                ? KnownTokens.decimals(trade.outputMint()).orElse(0)
                : 9;
        Boolean moved = transactions.execute(status -> {
            paper.fill(
                    persona.id(),
                    trade.inputMint(),
                    trade.inAmount(),
                    trade.outputMint(),
                    quote.outAmount(),
                    decimals,
                    SIMULATED_FEE_LAMPORTS);
            boolean done = ledger.move(
                    trade.id(),
                    TradeStatus.FAILED,
                    new Change(TradeStatus.SIMULATED, quote.outAmount(), null, ""),
                    clock.instant());
            if (!done) {
                status.setRollbackOnly();
            }
            return done;
        });
        Trade filled = current(trade.id());
        if (Boolean.TRUE.equals(moved)) {
            settled(persona, filled);
        }
        return filled;
    }

    private Trade swap(PersonaSpec persona, Trade trade, JupiterQuote quote, Wallet wallet) {
        SwapExecution swaps = clients.get().swaps();
        SignedSwap signed = swaps.prepare(quote, wallet);
        if (!ledger.signed(trade.id(), quote.outAmount(), signed, clock.instant())) {
            return current(trade.id());
        }
        log.info("{} signed swap {} ({})", persona.id().value(), signed.signature(), quote);
        try {
            swaps.send(signed);
        } catch (ExternalServiceException.Transient e) {
            // Maybe delivered: the row stays SIGNED; recovery reads the status before it sends the same bytes again.
            log.warn(
                    "{} swap {} not known to be sent, recovery checks it: {}",
                    persona.id().value(),
                    signed.signature(),
                    e.getMessage());
            count("trades", "send_unknown", false);
            return current(trade.id());
        } catch (ExternalServiceException e) {
            return finish(persona, trade.id(), TradeStatus.SIGNED, Change.to(TradeStatus.FAILED, detail(e)));
        }
        if (!ledger.move(trade.id(), TradeStatus.SIGNED, Change.to(TradeStatus.SENT, ""), clock.instant())) {
            return current(trade.id());
        }
        SwapOutcome outcome = swaps.confirm(signed.signature());
        return finish(persona, trade.id(), TradeStatus.SENT, change(outcome));
    }

    private static Change change(SwapOutcome outcome) {
        return switch (outcome) {
            case SwapOutcome.Confirmed confirmed -> Change.to(TradeStatus.CONFIRMED, "");
            case SwapOutcome.Failed failed -> Change.to(TradeStatus.FAILED, "failed on chain: " + failed.error());
            case SwapOutcome.Unconfirmed unconfirmed ->
                Change.to(TradeStatus.UNCONFIRMED, "not confirmed in time; recovery reads its status again");
        };
    }

    /**
     * Settles every signed, sent or unconfirmed row another run or a timeout left: the status on chain (history
     * searched) decides CONFIRMED or FAILED; not found, a row whose blockhash expired is FAILED "expired", and a row
     * only SIGNED (never known to be sent) is sent once more, the same bytes, while its blockhash is valid. Never signs.
     * One pass at a time; returns how many rows it moved.
     */
    public int recover() {
        recovering.lock();
        try {
            int moved = 0;
            OptionalLong height = OptionalLong.empty();
            for (Trade trade : ledger.listUnsettled()) {
                if (inFlight.contains(trade.id()) || trade.signature() == null) {
                    continue;
                }
                try {
                    Optional<SolanaRpcClient.SignatureStatus> status =
                            clients.get().rpc().findStatus(trade.signature(), true);
                    if (status.isPresent()) {
                        moved += settleFound(trade, status.get()) ? 1 : 0;
                        continue;
                    }
                    if (height.isEmpty()) {
                        height = OptionalLong.of(clients.get().rpc().blockHeight());
                    }
                    moved += settleNotFound(trade, height.getAsLong()) ? 1 : 0;
                } catch (ExternalServiceException e) {
                    count("recovery", "not_read", false);
                    log.warn(
                            "trade {} ({}) not recovered this time: {}", trade.id(), trade.signature(), e.getMessage());
                }
            }
            return moved;
        } finally {
            recovering.unlock();
        }
    }

    private boolean settleFound(Trade trade, SolanaRpcClient.SignatureStatus status) {
        String error = status.error();
        if (error != null) {
            return recovered(trade, Change.to(TradeStatus.FAILED, "failed on chain: " + error), "failed");
        }
        if (status.landed()) {
            return recovered(trade, Change.to(TradeStatus.CONFIRMED, ""), "confirmed");
        }
        return false;
    }

    private boolean settleNotFound(Trade trade, long blockHeight) {
        SignedSwap signed = ledger.findSignedSwap(trade.id()).orElse(null);
        if (signed == null) {
            return false;
        }
        if (blockHeight > signed.lastValidBlockHeight()) {
            return recovered(
                    trade,
                    Change.to(
                            TradeStatus.FAILED,
                            "expired: never landed, its blockhash was valid until block "
                                    + signed.lastValidBlockHeight() + " (now " + blockHeight + ")"),
                    "expired");
        }
        if (trade.status() != TradeStatus.SIGNED) {
            return false;
        }
        try {
            clients.get().swaps().send(signed);
        } catch (ExternalServiceException.Transient e) {
            log.warn(
                    "trade {} resend of {} failed, tried again later: {}",
                    trade.id(),
                    signed.signature(),
                    e.getMessage());
            return false;
        } catch (ExternalServiceException e) {
            return recovered(trade, Change.to(TradeStatus.FAILED, detail(e)), "refused");
        }
        log.info("trade {} sent its signed swap {} on recovery", trade.id(), signed.signature());
        return recovered(trade, Change.to(TradeStatus.SENT, ""), "resent");
    }

    private boolean recovered(Trade trade, Change change, String outcome) {
        if (!ledger.move(trade.id(), trade.status(), change, clock.instant())) {
            return false;
        }
        count("recovery", outcome, false);
        Trade now = current(trade.id());
        log.info(
                "trade {} of {} recovered: {} {}",
                now.id(),
                now.persona().value(),
                now.status().wireName(),
                now.detail());
        if (now.filled()) {
            personas.apply(now.persona())
                    .ifPresentOrElse(
                            persona -> notify(persona, now),
                            () -> log.warn(
                                    "trade {} filled for {}, a persona no longer loaded",
                                    now.id(),
                                    now.persona().value()));
        }
        return true;
    }

    private Wallet wallet(PersonaSpec persona, TradingSwitches switches) {
        Path keypairFile = switches.keypairFile().isEmpty() ? null : Path.of(switches.keypairFile());
        Wallet wallet = Wallet.find(persona.id(), keypairFile, env)
                .orElseThrow(() -> new IllegalStateException("live trading needs a wallet key: set SOLANA_PRIVATE_KEY_"
                        + persona.id().envSuffix() + " or SOLANA_PRIVATE_KEY, or solana_integration.keypair_file"));
        if (!switches.walletAddress().isEmpty() && !switches.walletAddress().equals(wallet.address())) {
            throw new IllegalStateException("the wallet key is for " + wallet.address()
                    + ", solana_integration.wallet_address says " + switches.walletAddress());
        }
        return wallet;
    }

    private Instant startOfDay(PersonaSpec persona) {
        ZoneId zone = persona.behaviour().postFrequency().timezone();
        return clock.instant().atZone(zone).toLocalDate().atStartOfDay(zone).toInstant();
    }

    private Trade finish(PersonaSpec persona, long id, Change change) {
        return finish(persona, id, TradeStatus.FAILED, change);
    }

    /** Moves the row from {@code from} (FAILED: still opening) and reports what it became. */
    private Trade finish(PersonaSpec persona, long id, TradeStatus from, Change change) {
        boolean moved = ledger.move(id, from, change, clock.instant());
        Trade trade = current(id);
        if (moved) {
            settled(persona, trade);
        }
        return trade;
    }

    private void settled(PersonaSpec persona, Trade trade) {
        count("trades", trade.status().wireName(), trade.simulated());
        log.info(
                "{} trade {} {} {} {} → {}: {}{}",
                persona.id().value(),
                trade.id(),
                trade.status().wireName(),
                trade.side().name().toLowerCase(java.util.Locale.ROOT),
                trade.inAmount(),
                KnownTokens.symbol(trade.tokenMint()),
                trade.refusedBy() == null ? "" : trade.refusedBy().wireName() + " ",
                trade.detail());
        if (trade.filled()) {
            notify(persona, trade);
        }
    }

    private void notify(PersonaSpec persona, Trade trade) {
        for (TradeFillListener listener : listeners.get()) {
            try {
                listener.filled(persona, trade);
            } catch (RuntimeException e) {
                log.warn("a fill listener failed on trade {}; the fill stands: {}", trade.id(), e.toString());
            }
        }
    }

    private Trade current(long id) {
        return ledger.find(id).orElseThrow(() -> new IllegalStateException("trade " + id + " vanished"));
    }

    private void count(String what, String outcome, boolean simulated) {
        Counter.builder("puppet.solana." + what)
                .description(what.equals("trades") ? "Trade attempts by outcome" : "Recovered trades by outcome")
                .tag("outcome", outcome)
                .tag("simulated", Boolean.toString(simulated))
                .register(meters)
                .increment();
    }

    private static String detail(RuntimeException e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }
}
