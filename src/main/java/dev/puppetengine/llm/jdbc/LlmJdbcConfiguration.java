package dev.puppetengine.llm.jdbc;

import dev.puppetengine.llm.PersonaStatusBoard;
import dev.puppetengine.llm.UsageLedger;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The LLM layer's JDBC adapters. */
@Configuration(proxyBeanMethods = false)
class LlmJdbcConfiguration {

    @Bean
    UsageLedger usageLedger(JdbcClient jdbc) {
        return new JdbcUsageLedger(jdbc);
    }

    @Bean
    PersonaStatusBoard personaStatusBoard(JdbcClient jdbc, Clock clock) {
        return new JdbcPersonaStatusBoard(jdbc, clock);
    }
}
