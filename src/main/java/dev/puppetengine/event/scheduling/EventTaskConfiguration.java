package dev.puppetengine.event.scheduling;

import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.task.helper.CustomTask;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import dev.puppetengine.event.EventProperties;
import dev.puppetengine.event.EventQueue;
import dev.puppetengine.event.EventStore;
import dev.puppetengine.event.EventTimer;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The event queue's timers and sweep as db-scheduler tasks ({@link EventTasks}), and its runs for events due now. */
@Configuration(proxyBeanMethods = false)
class EventTaskConfiguration {

    @Bean
    DueNowRuns dueNowRuns(ObjectProvider<EventQueue> queue) {
        return new DueNowRuns(
                () -> queue.getObject().runDue(),
                () -> queue.getObject().stopRuns(),
                () -> queue.getObject().resumeRuns(),
                SchedulingConfiguration.SHUTDOWN_MAX_WAIT);
    }

    @Bean
    EventTimer eventTimer(ObjectProvider<SchedulerClient> scheduler, Clock clock, DueNowRuns dueNowRuns) {
        return EventTasks.timer(scheduler, clock, dueNowRuns::request);
    }

    @Bean
    CustomTask<Void> eventDueTask(EventQueue queue, EventStore store, Clock clock) {
        return EventTasks.eventDue(queue, store, clock);
    }

    @Bean
    RecurringTask<Void> eventSweepTask(EventQueue queue, EventProperties properties) {
        return EventTasks.sweep(queue, properties.sweepInterval());
    }
}
