package dev.puppetengine.social.jdbc;

import dev.puppetengine.shared.EngineProperties;
import dev.puppetengine.social.Outbox;
import dev.puppetengine.social.OutboxDispatcher;
import dev.puppetengine.social.twitter.TwitterProperties;
import java.time.Clock;
import java.time.Duration;
import javax.sql.DataSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The outbox on the engine's database, and its dispatcher. */
@Configuration(proxyBeanMethods = false)
class OutboxConfiguration {

    /** Beyond the HTTP timeout: the few requests of one send, and clock skew between nodes. */
    private static final Duration IN_FLIGHT_MARGIN = Duration.ofSeconds(30);

    @Bean
    Outbox outbox(DataSource dataSource, Clock clock) {
        return new JdbcOutbox(JdbcClient.create(dataSource), clock);
    }

    /** Outbox times are persona times: with {@code --speed X} a real timeout lasts X times longer on the clock. */
    @Bean
    OutboxDispatcher outboxDispatcher(Outbox outbox, Clock clock, TwitterProperties x, EngineProperties engine) {
        Duration real = x.timeout().plus(IN_FLIGHT_MARGIN);
        Duration inFlight = Duration.ofMillis(Math.round(real.toMillis() * Math.max(1, engine.speed())));
        return new OutboxDispatcher(outbox, clock, inFlight);
    }
}
