package dev.puppetengine.agent;

import dev.puppetengine.llm.TradeTopic;
import dev.puppetengine.persona.PersonaSpec;
import dev.puppetengine.solana.KnownTokens;
import dev.puppetengine.solana.Trade;
import dev.puppetengine.solana.TradeDecision;
import dev.puppetengine.solana.TradeFillListener;
import dev.puppetengine.solana.TradeLimits;
import dev.puppetengine.solana.TradingSettings;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Clock;
import java.util.Objects;
import java.util.SplittableRandom;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trade posts (DESIGN §7): after a fill (paper or confirmed on chain, never a refusal or failure — the desk tells only
 * fills), the persona posts about it in its own voice — side, amount, token, its reason — through the normal post path
 * ({@link Engine#postTrade}: outbox under {@code trade:<trade id>}, output policy, approvals), gated by {@code
 * behavior.trading_behavior.trade_tweet_probability} (drawn from the trade id, so a fill reported again decides the
 * same). The outbox key makes a fill reported twice (after a restart's recovery) post once.
 */
public final class TradePosts implements TradeFillListener {

    private static final Logger log = LoggerFactory.getLogger(TradePosts.class);

    private final Engine engine;
    private final DecisionLog decisions;
    private final Clock clock;

    public TradePosts(Engine engine, DecisionLog decisions, Clock clock) {
        this.engine = Objects.requireNonNull(engine);
        this.decisions = Objects.requireNonNull(decisions);
        this.clock = Objects.requireNonNull(clock);
    }

    /** The outbox key of a trade's post. */
    public static String keyOf(Trade trade) {
        return "trade:" + trade.id();
    }

    @Override
    public void filled(PersonaSpec persona, Trade trade) {
        if (!trade.filled()) {
            return;
        }
        String key = keyOf(trade);
        double probability;
        try {
            probability = TradingSettings.fromPersona(persona.behaviour()).tradeTweetProbability();
        } catch (IllegalArgumentException e) {
            decide(persona, "no trade post: " + e.getMessage(), key);
            return;
        }
        if (new SplittableRandom(trade.id() * 0x9E3779B97F4A7C15L).nextDouble() >= probability) {
            decide(persona, "no trade post this time (trade_tweet_probability " + probability + ")", key);
            return;
        }
        String topic = topicOf(trade).render();
        switch (engine.postTrade(persona.id(), topic, key)) {
            case Posting.Extra.Queued(var item) ->
                log.info("{} posts about trade {} (outbox item {})", persona.id(), trade.id(), item.id());
            case Posting.Extra.Declined(String reason) -> decide(persona, "no trade post: " + reason, key);
        }
    }

    /** The fill in the words of a post prompt's topic. */
    static TradeTopic topicOf(Trade trade) {
        boolean bought = trade.side() == TradeDecision.Side.BUY;
        String token = trade.tokenMint();
        BigInteger tokenAmount = bought ? trade.outAmount() : trade.inAmount();
        BigInteger lamports = bought ? trade.inAmount() : trade.outAmount();
        return new TradeTopic(
                bought,
                whole(tokenAmount, KnownTokens.decimals(token).orElse(0)),
                KnownTokens.symbol(token),
                whole(lamports, KnownTokens.decimals(TradeLimits.SOL_MINT).orElse(9)),
                trade.simulated(),
                trade.reason());
    }

    private static String whole(@Nullable BigInteger baseUnits, int decimals) {
        if (baseUnits == null) {
            return "some";
        }
        BigDecimal value = new BigDecimal(baseUnits, decimals);
        // a readable figure: at most 4 decimals past the first significant digit of a small amount
        int scale = value.abs().compareTo(BigDecimal.ONE) >= 0
                ? 2
                : Math.min(
                        decimals,
                        4 + (int) -Math.floor(Math.log10(Math.max(value.abs().doubleValue(), 1e-12))));
        return value.setScale(Math.max(0, scale), java.math.RoundingMode.DOWN)
                .stripTrailingZeros()
                .toPlainString();
    }

    private void decide(PersonaSpec persona, String reason, String key) {
        log.info("{}: {}", persona.id(), reason);
        decisions.record(
                new Decision(persona.id(), Decision.Kind.POST, Decision.Outcome.SKIPPED, reason, key, clock.instant()));
    }
}
