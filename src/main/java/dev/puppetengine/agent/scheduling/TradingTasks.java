package dev.puppetengine.agent.scheduling;

import com.github.kagkarlsson.scheduler.task.CompletionHandler;
import com.github.kagkarlsson.scheduler.task.DeadExecutionHandler;
import com.github.kagkarlsson.scheduler.task.TaskDescriptor;
import com.github.kagkarlsson.scheduler.task.helper.CustomTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import dev.puppetengine.agent.Trading;
import dev.puppetengine.persona.PersonaId;
import dev.puppetengine.solana.TradingSchedule;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code trade-due}: one instance per active trading persona (instance id = persona id), due at the persona's next
 * trading slot (DESIGN §7). Each run decides once ({@link Trading#tradeDue}) and reschedules itself when the persona
 * decides next; it removes itself when the persona is paused, gone or no longer trades. A run cut short by a crash is
 * revived for the same slot, so its trade keeps its idempotency key and is never made twice.
 */
public final class TradingTasks {

    public static final TaskDescriptor<Void> TRADE_DUE = TaskDescriptor.of("trade-due", Void.class);

    private static final Logger log = LoggerFactory.getLogger(TradingTasks.class);

    private TradingTasks() {}

    public static CustomTask<Void> tradeDue(Trading trading) {
        return Tasks.custom(TRADE_DUE)
                .onFailure(PersonaTasks.retryLater(TradingSchedule.CHECK))
                .onDeadExecution(sameSlot())
                .execute((instance, context) -> {
                    Instant slot = context.getExecution().executionTime;
                    Optional<Instant> next = trading.tradeDue(PersonaId.of(instance.getId()), slot);
                    if (next.isEmpty()) {
                        return new CompletionHandler.OnCompleteRemove<>();
                    }
                    Instant at = next.get();
                    return (complete, operations) -> operations.reschedule(complete, at);
                });
    }

    /** Revives a dead run at its own slot (overdue, so at once): the slot's trade keeps its key. */
    private static DeadExecutionHandler<Void> sameSlot() {
        return (complete, operations) -> {
            Instant slot = complete.getExecution().executionTime;
            log.info("{} died while running; running it again for its slot {}", complete.getExecution(), slot);
            operations.reschedule(complete, slot);
        };
    }
}
