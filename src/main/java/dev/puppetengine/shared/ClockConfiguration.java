package dev.puppetengine.shared;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The one place the system clock is read; everything else injects {@link Clock}. In sandbox mode with
 * {@code puppet.speed} above 1 the clock is a {@link SpeedClock}: persona time (schedules, db-scheduler, post times)
 * runs that many times faster than real time. It continues from the latest persona time stored in the data dir, so
 * that a restarted demo picks its schedules up where they were instead of waiting for real time to catch up.
 */
@Configuration(proxyBeanMethods = false)
class ClockConfiguration {

    private static final Logger log = LoggerFactory.getLogger(ClockConfiguration.class);

    @Bean
    @ConditionalOnMissingBean
    Clock clock(EngineProperties properties, ObjectProvider<DataSource> dataSource) {
        Clock system = Clock.systemUTC();
        if (properties.speed() <= 1) {
            return system;
        }
        if (properties.mode() != EngineProperties.Mode.SANDBOX) {
            log.warn("puppet.speed {} is ignored: speed is for the sandbox only", properties.speed());
            return system;
        }
        Instant now = system.instant();
        Instant reached = latestPersonaTime(dataSource.getIfAvailable());
        Instant start = reached != null && reached.isAfter(now) ? reached : now;
        log.info("sandbox speed x{}: persona time runs that much faster, from {}", properties.speed(), start);
        return new SpeedClock(system, properties.speed(), start);
    }

    private static @Nullable Instant latestPersonaTime(@Nullable DataSource dataSource) {
        if (dataSource == null) {
            return null;
        }
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT MAX(updated_at) FROM persona_state")) {
            OffsetDateTime latest = rows.next() ? rows.getObject(1, OffsetDateTime.class) : null;
            return latest == null ? null : latest.toInstant();
        } catch (SQLException noStateYet) {
            // A fresh data dir: the schema does not exist until Flyway has run.
            return null;
        }
    }
}
