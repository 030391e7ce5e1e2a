package dev.puppetengine.event.scheduling;

import com.github.kagkarlsson.scheduler.task.CompletionHandler;
import com.github.kagkarlsson.scheduler.task.DeadExecutionHandler;
import com.github.kagkarlsson.scheduler.task.FailureHandler;
import com.github.kagkarlsson.scheduler.task.TaskDescriptor;
import com.github.kagkarlsson.scheduler.task.helper.CustomTask;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import dev.puppetengine.agent.Engine;
import dev.puppetengine.persona.PersonaId;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's db-scheduler tasks. {@code post-due}: one instance per active persona (instance id = persona id), due
 * at the persona's next post; each run posts once and reschedules itself at the time the engine returns, or removes
 * itself when the persona is paused or gone. {@code mentions}: one recurring instance that lets every active persona
 * answer its new mentions.
 */
public final class EngineTasks {

    public static final TaskDescriptor<Void> POST_DUE = TaskDescriptor.of("post-due", Void.class);
    public static final String MENTIONS = "mentions";

    private static final Logger log = LoggerFactory.getLogger(EngineTasks.class);
    private static final Duration RETRY_FAILED_RUN = Duration.ofMinutes(10);

    private EngineTasks() {}

    public static CustomTask<Void> postDue(Engine engine) {
        return Tasks.custom(POST_DUE)
                .onFailure(new FailureHandler.OnFailureRetryLater<>(RETRY_FAILED_RUN))
                .onDeadExecution(new DeadExecutionHandler.ReviveDeadExecution<>())
                .execute((instance, context) -> {
                    Instant slot = context.getExecution().executionTime;
                    Optional<Instant> next = engine.postDue(PersonaId.of(instance.getId()), slot);
                    if (next.isEmpty()) {
                        return new CompletionHandler.OnCompleteRemove<>();
                    }
                    Instant at = next.get();
                    return (complete, operations) -> operations.reschedule(complete, at);
                });
    }

    public static RecurringTask<Void> mentions(Engine engine, Duration interval) {
        return Tasks.recurring(MENTIONS, FixedDelay.of(interval))
                .onDeadExecutionRevive()
                .execute((instance, context) -> {
                    for (PersonaId persona : engine.listActivePersonas()) {
                        try {
                            engine.answerMentions(persona);
                        } catch (RuntimeException e) {
                            log.warn("{} could not answer its mentions: {}", persona, e.toString());
                        }
                    }
                });
    }
}
