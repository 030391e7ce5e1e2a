package dev.puppetengine.agent.jdbc;

import dev.puppetengine.agent.ConversationTurns;
import dev.puppetengine.agent.DecisionLog;
import dev.puppetengine.llm.PersonaStatusBoard;
import java.time.Clock;
import javax.sql.DataSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The agent feature's JDBC adapters besides the state store: the decision log, the conversation turn counts, and the
 * status board the LLM layer reports to (the agent feature owns {@code persona_state}).
 */
@Configuration(proxyBeanMethods = false)
class AgentJdbcConfiguration {

    @Bean
    DecisionLog decisionLog(DataSource dataSource) {
        return new JdbcDecisionLog(JdbcClient.create(dataSource));
    }

    @Bean
    ConversationTurns conversationTurns(DataSource dataSource, Clock clock) {
        return new JdbcConversationTurns(JdbcClient.create(dataSource), clock);
    }

    @Bean
    PersonaStatusBoard personaStatusBoard(DataSource dataSource, Clock clock) {
        return new JdbcPersonaStatusBoard(JdbcClient.create(dataSource), clock);
    }
}
