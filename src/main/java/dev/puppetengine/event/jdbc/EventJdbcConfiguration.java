package dev.puppetengine.event.jdbc;

import dev.puppetengine.event.EventSourceStore;
import dev.puppetengine.event.EventStore;
import javax.sql.DataSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The event queue's store on the engine's database. */
@Configuration(proxyBeanMethods = false)
class EventJdbcConfiguration {

    @Bean
    EventStore eventStore(DataSource dataSource) {
        return new JdbcEventStore(JdbcClient.create(dataSource));
    }

    @Bean
    EventSourceStore eventSourceStore(DataSource dataSource) {
        return new JdbcEventSourceStore(JdbcClient.create(dataSource));
    }
}
