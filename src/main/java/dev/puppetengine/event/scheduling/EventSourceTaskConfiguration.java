package dev.puppetengine.event.scheduling;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import dev.puppetengine.event.EventSources;
import dev.puppetengine.shared.EngineProperties;
import java.time.Duration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The {@code event-sources} recurring task: runs the due random sources and feeds ({@link EventSources#tick}) every
 * persona-minute, never more often than every two real seconds. Recurring tasks run on one node of a cluster.
 */
@Configuration(proxyBeanMethods = false)
class EventSourceTaskConfiguration {

    private static final Duration TICK = Duration.ofMinutes(1);
    private static final Duration MIN_REAL_TICK = Duration.ofSeconds(2);

    @Bean
    RecurringTask<Void> eventSourcesTask(EventSources sources, EngineProperties properties) {
        return Tasks.recurring("event-sources", FixedDelay.of(tick(properties.speed())))
                .execute((instance, context) -> sources.tick());
    }

    static Duration tick(double speed) {
        Duration atSpeed = Duration.ofMillis(Math.round(MIN_REAL_TICK.toMillis() * speed));
        return atSpeed.compareTo(TICK) > 0 ? atSpeed : TICK;
    }
}
