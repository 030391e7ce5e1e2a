package dev.puppetengine.social.jdbc;

import dev.puppetengine.social.Outbox;
import java.time.Clock;
import javax.sql.DataSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The outbox on the engine's database. */
@Configuration(proxyBeanMethods = false)
class OutboxConfiguration {

    @Bean
    Outbox outbox(DataSource dataSource, Clock clock) {
        return new JdbcOutbox(JdbcClient.create(dataSource), clock);
    }
}
