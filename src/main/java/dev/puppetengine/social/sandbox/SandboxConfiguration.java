package dev.puppetengine.social.sandbox;

import java.time.Clock;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
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
            Clock clock) {
        return new SandboxNetwork(new SandboxStore(jdbc), new TransactionTemplate(transactionManager), events, clock);
    }

    @Bean
    SandboxOAuth sandboxOAuth(SandboxNetwork network) {
        return new SandboxOAuth(network);
    }

    @Bean
    SandboxRateLimiter sandboxRateLimiter(SandboxProperties properties, Clock clock) {
        return new SandboxRateLimiter(properties, clock);
    }
}
