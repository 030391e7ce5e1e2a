package dev.puppetengine.llm.jdbc;

import dev.puppetengine.llm.UsageLedger;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The LLM layer's JDBC adapter: the usage ledger. */
@Configuration(proxyBeanMethods = false)
class LlmJdbcConfiguration {

    @Bean
    UsageLedger usageLedger(JdbcClient jdbc) {
        return new JdbcUsageLedger(jdbc);
    }
}
