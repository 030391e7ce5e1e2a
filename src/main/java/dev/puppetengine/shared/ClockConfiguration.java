package dev.puppetengine.shared;

import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The one place the system clock is read; everything else injects {@link Clock}. In sandbox mode with
 * {@code puppet.speed} above 1 the clock is a {@link SpeedClock}: persona time (schedules, db-scheduler, post times)
 * runs that many times faster than real time from the start of the process.
 */
@Configuration(proxyBeanMethods = false)
class ClockConfiguration {

    private static final Logger log = LoggerFactory.getLogger(ClockConfiguration.class);

    @Bean
    @ConditionalOnMissingBean
    Clock clock(EngineProperties properties) {
        Clock system = Clock.systemUTC();
        if (properties.speed() <= 1) {
            return system;
        }
        if (properties.mode() != EngineProperties.Mode.SANDBOX) {
            log.warn("puppet.speed {} is ignored: speed is for the sandbox only", properties.speed());
            return system;
        }
        log.info(
                "sandbox speed x{}: persona time runs {} times faster than real time",
                properties.speed(),
                properties.speed());
        return new SpeedClock(system, properties.speed(), system.instant());
    }
}
