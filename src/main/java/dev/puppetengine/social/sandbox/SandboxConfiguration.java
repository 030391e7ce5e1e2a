package dev.puppetengine.social.sandbox;

import dev.puppetengine.persona.PersonaCatalog;
import dev.puppetengine.persona.PersonaSpec;
import dev.puppetengine.shared.EngineProperties;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** Wires the sandbox network: its store, the network, OAuth checking and rate limits. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SandboxProperties.class)
class SandboxConfiguration {

    @Bean
    SandboxNetwork sandboxNetwork(
            JdbcClient jdbc,
            PlatformTransactionManager transactionManager,
            ApplicationEventPublisher events,
            Clock clock,
            ObjectProvider<PersonaCatalog> catalog) {
        return new SandboxNetwork(
                new SandboxStore(jdbc),
                () -> catalog.stream()
                        .flatMap(personas -> personas.listPersonas().stream())
                        .map(persona -> persona.id().value())
                        .toList(),
                new TransactionTemplate(transactionManager),
                events,
                clock);
    }

    @Bean
    SandboxOAuth sandboxOAuth(SandboxNetwork network) {
        return new SandboxOAuth(network);
    }

    /** Sandbox mode: every persona of the catalog has its sandbox account (and credentials) from the first start. */
    @Bean
    ApplicationListener<ApplicationReadyEvent> sandboxAccountsOnStart(
            EngineProperties engine, ObjectProvider<PersonaCatalog> catalog, SandboxNetwork network) {
        return ready -> {
            if (engine.mode() != EngineProperties.Mode.SANDBOX) {
                return;
            }
            catalog.ifAvailable(personas -> {
                for (PersonaSpec persona : personas.listPersonas()) {
                    network.credentialsFor(persona);
                }
            });
        };
    }

    @Bean
    SandboxRateLimiter sandboxRateLimiter(SandboxProperties properties, Clock clock) {
        return new SandboxRateLimiter(properties, clock);
    }
}
