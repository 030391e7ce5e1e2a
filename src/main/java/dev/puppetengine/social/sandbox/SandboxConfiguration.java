package dev.puppetengine.social.sandbox;

import dev.puppetengine.persona.PersonaCatalog;
import dev.puppetengine.shared.EngineProperties;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

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
            ObjectProvider<PersonaCatalog> catalog,
            ObjectProvider<SandboxServer> server) {
        return new SandboxNetwork(
                new SandboxStore(jdbc),
                () -> catalog.stream()
                        .flatMap(personas -> personas.listPersonas().stream())
                        .map(persona -> persona.id().value())
                        .toList(),
                new TransactionTemplate(transactionManager),
                events,
                clock,
                () -> Optional.ofNullable(server.getIfAvailable()).flatMap(SandboxServer::baseUrl));
    }

    /** Sandbox mode: the X API on a port of its own (a second connector of the engine's Tomcat). */
    @Bean
    @ConditionalOnProperty(name = "puppet.mode", havingValue = "sandbox", matchIfMissing = true)
    SandboxServer sandboxServer(SandboxProperties properties) {
        return new SandboxServer(properties.port());
    }

    @Bean
    FilterRegistrationBean<SandboxPortFilter> sandboxPortFilter(ObjectProvider<SandboxServer> server) {
        FilterRegistrationBean<SandboxPortFilter> registration = new FilterRegistrationBean<>(new SandboxPortFilter(
                () -> Optional.ofNullable(server.getIfAvailable()).flatMap(SandboxServer::port)));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }

    @Bean
    SandboxOAuth sandboxOAuth(SandboxNetwork network, Clock clock, EngineProperties engine) {
        return new SandboxOAuth(network, clock, engine.speed());
    }

    /**
     * Sandbox mode: every persona of the catalog has its sandbox account (and credentials) from the first start,
     * created in batches before the persona schedules and the scheduler start (phase just below theirs), so a large
     * cast's first steps neither wait for nor race the creation.
     */
    @Bean
    SmartLifecycle sandboxAccountsOnStart(
            EngineProperties engine, ObjectProvider<PersonaCatalog> catalog, SandboxNetwork network) {
        return new SmartLifecycle() {
            private volatile boolean running;

            @Override
            public void start() {
                if (engine.mode() == EngineProperties.Mode.SANDBOX) {
                    catalog.ifAvailable(personas -> {
                        Map<String, String> names = new LinkedHashMap<>();
                        personas.listPersonas()
                                .forEach(persona -> names.put(persona.id().value(), persona.name()));
                        network.createMissingAccounts(names);
                    });
                }
                running = true;
            }

            @Override
            public void stop() {
                running = false;
            }

            @Override
            public boolean isRunning() {
                return running;
            }

            @Override
            public int getPhase() {
                return Integer.MAX_VALUE - 2;
            }
        };
    }

    /** What X accepts on each endpoint, from the wire file (read once, at start). */
    @Bean
    SandboxWireSpec sandboxWireSpec(JsonMapper json) {
        return SandboxWireSpec.load(json);
    }

    @Bean
    SandboxRateLimiter sandboxRateLimiter(SandboxProperties properties, Clock clock) {
        return new SandboxRateLimiter(properties, clock);
    }
}
