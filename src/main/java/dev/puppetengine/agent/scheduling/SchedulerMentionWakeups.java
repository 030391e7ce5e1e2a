package dev.puppetengine.agent.scheduling;

import com.github.kagkarlsson.scheduler.ScheduledExecution;
import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.task.TaskInstanceId;
import dev.puppetengine.agent.MentionWakeups;
import dev.puppetengine.persona.PersonaId;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link MentionWakeups} on db-scheduler: reschedules the persona's {@code mentions} instance (id = persona id) to
 * the wake-up time when it is due later. One that runs now (picked) or is not there is left alone, and a failure is
 * only logged: the task's own reschedule then applies. The scheduler is looked up on first use, as it depends on the
 * tasks which depend, through the cast search, on this.
 */
public final class SchedulerMentionWakeups implements MentionWakeups {

    private static final Logger log = LoggerFactory.getLogger(SchedulerMentionWakeups.class);

    private final Supplier<? extends SchedulerClient> scheduler;

    public SchedulerMentionWakeups(Supplier<? extends SchedulerClient> scheduler) {
        this.scheduler = Objects.requireNonNull(scheduler);
    }

    @Override
    public void wake(PersonaId persona, Instant at) {
        TaskInstanceId id = PersonaTasks.MENTIONS.instanceId(persona.value());
        Instant due = at.truncatedTo(ChronoUnit.MILLIS);
        try {
            SchedulerClient client = scheduler.get();
            Optional<ScheduledExecution<Object>> execution = client.getScheduledExecution(id);
            if (execution.isEmpty()
                    || execution.get().isPicked()
                    || !execution.get().getExecutionTime().isAfter(due)) {
                return;
            }
            if (client.reschedule(id, due)) {
                log.debug("{}: mentions task brought forward to {}", persona, due);
            }
        } catch (RuntimeException e) {
            log.debug("{}: mentions task not brought forward to {}: {}", persona, due, e.toString());
        }
    }
}
