package dev.puppetengine.agent.jdbc;

import dev.puppetengine.agent.MoodHistory;
import dev.puppetengine.agent.MoodProperties;
import javax.sql.DataSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The mood history on the engine's database. */
@Configuration(proxyBeanMethods = false)
class MoodHistoryConfiguration {

    @Bean
    MoodHistory moodHistory(DataSource dataSource, MoodProperties properties) {
        return new JdbcMoodHistory(JdbcClient.create(dataSource), properties.historySize());
    }
}
