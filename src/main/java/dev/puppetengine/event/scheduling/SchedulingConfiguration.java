package dev.puppetengine.event.scheduling;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerName;
import com.github.kagkarlsson.scheduler.task.Task;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import dev.puppetengine.event.ScheduleLag;
import dev.puppetengine.shared.ClusterProperties;
import dev.puppetengine.shared.SpeedClock;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Builds the db-scheduler {@link Scheduler} on the engine's data source with every {@link Task} bean of the context
 * (recurring ones are scheduled on start). Executions run on {@link #THREADS} virtual threads, no more: db-scheduler
 * hands each batch it fetches to the executor without looking at what still runs, so one virtual thread per task
 * started thousands of executions at once under load, and on stop they neither finished in time nor could complete
 * once interrupted. The scheduler reads the injected {@link Clock}, so with {@code --speed X} task times are persona
 * times.
 *
 * <p>Crash safety (DESIGN §9): heartbeats go out every {@link #HEARTBEAT_INTERVAL} of real time; an execution whose
 * heartbeat is {@link #MISSED_HEARTBEATS} intervals old (real time, so the limit is multiplied by the speed) counts as
 * dead and runs again, and a restarted node releases what its killed run left picked at once
 * ({@link EarlierIncarnations}). On stop, running executions get {@link #SHUTDOWN_MAX_WAIT} to finish before they
 * are interrupted.
 */
@Configuration(proxyBeanMethods = false)
class SchedulingConfiguration {

    private static final Duration POLLING_INTERVAL = Duration.ofMillis(250);
    private static final Duration HEARTBEAT_INTERVAL = Duration.ofSeconds(2);
    private static final int MISSED_HEARTBEATS = 4;
    private static final int MISSED_HEARTBEATS_OF_EARLIER_RUN = 2;
    static final Duration SHUTDOWN_MAX_WAIT = Duration.ofSeconds(20);
    private static final int THREADS = 16;

    @Bean
    @DependsOnDatabaseInitialization
    Scheduler scheduler(
            DataSource dataSource, List<Task<?>> tasks, Clock clock, ObjectProvider<ClusterProperties> cluster) {
        double speed = SpeedClock.speedOf(clock);
        List<RecurringTask<?>> startTasks = tasks.stream()
                .filter(task -> task instanceof RecurringTask<?>)
                .<RecurringTask<?>>map(task -> (RecurringTask<?>) task)
                .toList();
        List<Task<?>> otherTasks = tasks.stream()
                .filter(task -> !(task instanceof RecurringTask<?>))
                .toList();
        EarlierIncarnations incarnations = new EarlierIncarnations(
                dataSource,
                cluster.getIfAvailable(() -> new ClusterProperties("")).node());
        Duration earlierRunStale = scaled(HEARTBEAT_INTERVAL.multipliedBy(MISSED_HEARTBEATS_OF_EARLIER_RUN), speed);
        incarnations.releaseStale(clock.instant().minus(earlierRunStale));
        // startTasks registers the recurring tasks as known tasks too.
        return Scheduler.create(dataSource, otherTasks)
                .startTasks(startTasks)
                .schedulerName(new SchedulerName.Fixed(incarnations.schedulerName()))
                .clock(clock::instant)
                .pollingInterval(POLLING_INTERVAL)
                .heartbeatInterval(HEARTBEAT_INTERVAL)
                .missedHeartbeatsLimit((int) Math.ceil(MISSED_HEARTBEATS * speed))
                .threads(THREADS)
                .executorService(Executors.newFixedThreadPool(
                        THREADS, Thread.ofVirtual().name("scheduler-", 0).factory()))
                .enableImmediateExecution()
                .shutdownMaxWait(SHUTDOWN_MAX_WAIT)
                .build();
    }

    /** {@code real} time as persona time at {@code speed}. */
    private static Duration scaled(Duration real, double speed) {
        return Duration.ofNanos(Math.round(real.toNanos() * speed));
    }

    @Bean
    ScheduleLag scheduleLag(DataSource dataSource, Clock clock, ObjectProvider<MeterRegistry> meters) {
        ScheduleLag lag = new DbSchedulerLag(dataSource, clock);
        meters.ifAvailable(registry -> Gauge.builder("puppet.schedule.lag", lag, ScheduleLag::behindSeconds)
                .baseUnit("seconds")
                .description("Real time the oldest due, not yet started task has waited (0 when none waits)")
                .register(registry));
        return lag;
    }

    @Bean
    SchedulerLifecycle schedulerLifecycle(Scheduler scheduler) {
        return new SchedulerLifecycle(scheduler);
    }
}
