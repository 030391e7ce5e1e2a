package dev.puppetengine.event.scheduling;

import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.task.CompletionHandler;
import com.github.kagkarlsson.scheduler.task.DeadExecutionHandler;
import com.github.kagkarlsson.scheduler.task.FailureHandler;
import com.github.kagkarlsson.scheduler.task.TaskDescriptor;
import com.github.kagkarlsson.scheduler.task.helper.CustomTask;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import dev.puppetengine.event.EventQueue;
import dev.puppetengine.event.EventStatus;
import dev.puppetengine.event.EventStore;
import dev.puppetengine.event.EventTimer;
import dev.puppetengine.event.StoredEvent;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The event queue's db-scheduler tasks. {@code event-due} is one-time per delayed event (instance id = event id), set
 * for its due time: it runs every due event in queue order, then removes itself, or moves to the event's retry time
 * when the event is still pending. An event due when published has no timer: {@link DueNowRuns} runs the queue once
 * the publishing transaction commits. {@code event-sweep} recurs and runs due events whose run was lost (a crash
 * between storing an event and running it or setting its timer). Dead executions are revived, so a timer fires after
 * a kill -9 too.
 */
public final class EventTasks {

    public static final TaskDescriptor<Void> EVENT_DUE = TaskDescriptor.of("event-due", Void.class);
    private static final Duration RETRY_FAILED_RUN = Duration.ofMinutes(1);

    private EventTasks() {}

    public static CustomTask<Void> eventDue(EventQueue queue, EventStore store, Clock clock) {
        return Tasks.custom(EVENT_DUE)
                .onFailure(new FailureHandler.OnFailureRetryLater<>(RETRY_FAILED_RUN))
                .onDeadExecution(new DeadExecutionHandler.ReviveDeadExecution<>())
                .execute((instance, context) -> {
                    queue.runDue();
                    Optional<Instant> later = store.find(instance.getId())
                            .filter(event -> event.status() == EventStatus.PENDING)
                            .map(StoredEvent::dueAt)
                            .filter(due -> due.isAfter(clock.instant()));
                    if (later.isEmpty()) {
                        return new CompletionHandler.OnCompleteRemove<>();
                    }
                    Instant at = later.get();
                    return (complete, operations) -> operations.reschedule(complete, at);
                });
    }

    public static RecurringTask<Void> sweep(EventQueue queue, Duration interval) {
        return Tasks.recurring("event-sweep", FixedDelay.of(interval)).execute((instance, context) -> queue.runDue());
    }

    /**
     * {@link EventTimer} on the scheduler, looked up when first used (the scheduler is built from the task beans, and
     * the tasks need the queue that fires timers), for an event due later; for one due now, {@code runDueNow} once the
     * transaction that stores it commits (at once outside a transaction, never when it rolls back).
     */
    static EventTimer timer(ObjectProvider<SchedulerClient> scheduler, Clock clock, Runnable runDueNow) {
        return (eventId, at) -> {
            if (at.isAfter(clock.instant())) {
                scheduler
                        .getObject()
                        .scheduleIfNotExists(EVENT_DUE.instance(eventId).build(), at);
            } else if (TransactionSynchronizationManager.isSynchronizationActive()) {
                TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                    @Override
                    public void afterCommit() {
                        runDueNow.run();
                    }
                });
            } else {
                runDueNow.run();
            }
        };
    }
}
