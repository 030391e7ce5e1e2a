package dev.puppetengine.agent.jdbc;

import dev.puppetengine.agent.DecisionLog;
import javax.sql.DataSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The decision log on the engine's database. */
@Configuration(proxyBeanMethods = false)
class DecisionLogConfiguration {

    @Bean
    DecisionLog decisionLog(DataSource dataSource) {
        return new JdbcDecisionLog(JdbcClient.create(dataSource));
    }
}
