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

/** The event queue's timers and sweep as db-scheduler tasks ({@link EventTasks}). */
@Configuration(proxyBeanMethods = false)
class EventTaskConfiguration {

    @Bean
    EventTimer eventTimer(ObjectProvider<SchedulerClient> scheduler) {
        return EventTasks.timer(scheduler);
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
