package dev.puppetengine.shared;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.dao.DataAccessException;

/**
 * The one place the system clock is read; everything else injects {@link Clock}. In sandbox mode the clock is a
 * {@link SpeedClock} when {@code puppet.speed} is above 1 or when an earlier run took persona time past real time:
 * persona time (schedules, db-scheduler, post times) runs that many times faster than real time and continues from
 * the time stored by the {@link PersonaTimeKeeper} ({@code engine_clock}), so it never moves backwards across
 * restarts, and a node that starts while another runs on the same database (a cluster in the sandbox) shares its
 * clock ({@link PersonaTimeKeeper#continueFrom}). Live mode always runs on real time.
 */
@Configuration(proxyBeanMethods = false)
public class ClockConfiguration {

    private static final Logger log = LoggerFactory.getLogger(ClockConfiguration.class);

    @Bean
    @ConditionalOnMissingBean
    @DependsOnDatabaseInitialization
    Clock clock(EngineProperties properties, ObjectProvider<DataSource> dataSource) {
        Clock system = Clock.systemUTC();
        if (properties.mode() != EngineProperties.Mode.SANDBOX) {
            if (properties.speed() > 1) {
                log.warn("puppet.speed {} is ignored: speed is for the sandbox only", properties.speed());
            }
            return system;
        }
        Instant now = system.instant();
        Instant start = store(dataSource)
                .flatMap(JdbcPersonaTimeStore::findStored)
                .map(stored -> PersonaTimeKeeper.continueFrom(stored, now, properties.speed()))
                .filter(reached -> reached.isAfter(now))
                .orElse(now);
        if (properties.speed() <= 1 && !start.isAfter(now)) {
            return system;
        }
        log.info("sandbox speed x{}: persona time runs that much faster, from {}", properties.speed(), start);
        return new SpeedClock(system, properties.speed(), start);
    }

    /** Present whenever the clock is a {@link SpeedClock} on a database; otherwise there is nothing to keep. */
    @Bean
    @Nullable
    PersonaTimeKeeper personaTimeKeeper(Clock clock, ObjectProvider<DataSource> dataSource) {
        Optional<JdbcPersonaTimeStore> store = store(dataSource);
        if (!(clock instanceof SpeedClock persona) || store.isEmpty()) {
            return null;
        }
        return new PersonaTimeKeeper(persona, store.get(), Clock.systemUTC());
    }

    /** The store, when there is a database with the {@code engine_clock} table (not in every test context). */
    private static Optional<JdbcPersonaTimeStore> store(ObjectProvider<DataSource> dataSource) {
        DataSource database = dataSource.getIfAvailable();
        if (database == null) {
            return Optional.empty();
        }
        JdbcPersonaTimeStore store = new JdbcPersonaTimeStore(database);
        try {
            store.findReached();
            return Optional.of(store);
        } catch (DataAccessException noClockTable) {
            log.warn("persona time is not kept across restarts: {}", noClockTable.getMessage());
            return Optional.empty();
        }
    }
}
