package dev.puppetengine.event.scheduling;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.task.Task;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import dev.puppetengine.shared.EngineProperties;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import javax.sql.DataSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Builds the db-scheduler {@link Scheduler} on the engine's data source with every {@link Task} bean of the context (recurring ones are scheduled on start). Executions run on virtual threads. The
 * scheduler reads the injected {@link Clock}, so with {@code --speed X} task times are persona times. Its heartbeats
 * are sent in real time, so the number of missed heartbeats before an execution counts as dead is multiplied by the
 * speed: dead-execution detection keeps its real-time meaning (about 30 s).
 */
@Configuration(proxyBeanMethods = false)
class SchedulingConfiguration {

    private static final Duration POLLING_INTERVAL = Duration.ofMillis(250);
    private static final Duration HEARTBEAT_INTERVAL = Duration.ofSeconds(5);
    private static final int MISSED_HEARTBEATS = 6;
    private static final int THREADS = 16;

    @Bean
    Scheduler scheduler(DataSource dataSource, List<Task<?>> tasks, Clock clock, EngineProperties properties) {
        int missedHeartbeats = (int) Math.ceil(MISSED_HEARTBEATS * Math.max(1, properties.speed()));
        List<RecurringTask<?>> startTasks = tasks.stream()
                .filter(task -> task instanceof RecurringTask<?>)
                .<RecurringTask<?>>map(task -> (RecurringTask<?>) task)
                .toList();
        List<Task<?>> otherTasks = tasks.stream()
                .filter(task -> !(task instanceof RecurringTask<?>))
                .toList();
        // startTasks registers the recurring tasks as known tasks too.
        return Scheduler.create(dataSource, otherTasks)
                .startTasks(startTasks)
                .clock(clock::instant)
                .pollingInterval(POLLING_INTERVAL)
                .heartbeatInterval(HEARTBEAT_INTERVAL)
                .missedHeartbeatsLimit(missedHeartbeats)
                .threads(THREADS)
                .executorService(Executors.newVirtualThreadPerTaskExecutor())
                .enableImmediateExecution()
                .shutdownMaxWait(Duration.ofSeconds(5))
                .build();
    }

    @Bean
    SchedulerLifecycle schedulerLifecycle(Scheduler scheduler) {
        return new SchedulerLifecycle(scheduler);
    }
}
