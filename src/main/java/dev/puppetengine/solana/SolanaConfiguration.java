package dev.puppetengine.solana;

import dev.puppetengine.persona.PersonaCatalog;
import dev.puppetengine.shared.EngineProperties;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Solana adapters (the RPC client, Jupiter, swap execution), the trade desk and the portfolios. Lazy: nothing is
 * built, and no request made, until a trading feature asks for them.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SolanaProperties.class)
class SolanaConfiguration {

    @Bean
    @Lazy
    SolanaClients solanaClients(
            SolanaProperties properties, JsonMapper json, Clock clock, ObjectProvider<MeterRegistry> meters) {
        HttpClient http = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        return SolanaClients.create(properties, http, json, meters.getIfAvailable(SimpleMeterRegistry::new), clock);
    }

    @Bean
    @Lazy
    Trader tradeDesk(
            SolanaProperties properties,
            EngineProperties engine,
            TradeLedger ledger,
            PaperHoldings paper,
            ObjectProvider<SolanaClients> clients,
            PlatformTransactionManager transactionManager,
            Clock clock,
            ObjectProvider<TradeFillListener> listeners,
            ObjectProvider<PersonaCatalog> catalog,
            ObjectProvider<MeterRegistry> meters) {
        boolean sandboxMarket =
                properties.marketFor(engine.mode() == EngineProperties.Mode.SANDBOX) == SolanaProperties.Market.SANDBOX;
        Market market = sandboxMarket
                ? new SandboxMarket(clock)
                : (input, output, amount, slippage) ->
                        clients.getObject().jupiter().quote(input, output, amount, slippage);
        return new Trader(
                ledger,
                paper,
                market,
                sandboxMarket,
                properties.liveTrading(),
                clients::getObject,
                new TransactionTemplate(transactionManager),
                clock,
                () -> listeners.orderedStream().toList(),
                id -> catalog.stream()
                        .findFirst()
                        .flatMap(found -> found.findPersona(id))
                        .or(Optional::empty),
                System::getenv,
                meters.getIfAvailable(SimpleMeterRegistry::new));
    }

    @Bean
    @Lazy
    Portfolios portfolios(
            PaperHoldings paper, ObjectProvider<Trader> desk, ObjectProvider<SolanaClients> clients, Clock clock) {
        return new TradePortfolios(
                paper, persona -> desk.getObject().live(persona), clients::getObject, System::getenv, clock);
    }

    @Bean
    TradeRecovery tradeRecovery(TradeLedger ledger, ObjectProvider<Trader> desk) {
        return new TradeRecovery(ledger, desk::getObject);
    }
}
