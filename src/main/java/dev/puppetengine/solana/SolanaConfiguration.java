package dev.puppetengine.solana;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Solana adapters: the RPC client, Jupiter, and swap execution. Lazy: nothing is built, and no request made,
 * until a trading feature asks for them.
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
}
