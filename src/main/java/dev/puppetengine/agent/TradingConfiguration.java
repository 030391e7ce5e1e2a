package dev.puppetengine.agent;

import dev.puppetengine.llm.CallSampling;
import dev.puppetengine.llm.StructuredDecisions;
import dev.puppetengine.solana.Portfolios;
import dev.puppetengine.solana.TradeDesk;
import dev.puppetengine.solana.TradeLedger;
import java.time.Clock;
import java.util.Random;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The trading steps' wiring (DESIGN §7): the decision at a trading slot and the trade posts after a fill. The desk and
 * the portfolios are looked up when a persona trades, so they may come from a configuration built later; the
 * {@code trade-due} task is wired in {@code agent.scheduling}.
 */
@Configuration(proxyBeanMethods = false)
class TradingConfiguration {

    @Bean
    Trading trading(
            Engine engine,
            PersonaStateStore states,
            PostPrompts prompts,
            StructuredDecisions structured,
            CallSampling sampling,
            ObjectProvider<TradeDesk> desk,
            ObjectProvider<Portfolios> portfolios,
            TradeLedger ledger,
            DecisionLog decisions,
            Clock clock,
            @Value("${puppet.solana.trading:true}") boolean tradingOn) {
        return new Trading(
                engine,
                states,
                prompts,
                structured,
                sampling,
                desk::getIfAvailable,
                portfolios::getIfAvailable,
                ledger,
                decisions,
                new Random(),
                clock,
                tradingOn);
    }

    @Bean
    TradePosts tradePosts(Engine engine, DecisionLog decisions, Clock clock) {
        return new TradePosts(engine, decisions, clock);
    }
}
