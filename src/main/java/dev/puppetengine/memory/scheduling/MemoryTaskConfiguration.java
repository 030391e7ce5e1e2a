package dev.puppetengine.memory.scheduling;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import dev.puppetengine.memory.MemoryProperties;
import dev.puppetengine.memory.Retention;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Registers the retention job; the engine's db-scheduler picks up every task bean. The reflection job is the agent's
 * ({@code agent/scheduling}): a reflection leaves a decision, which is the agent's to write.
 */
@Configuration(proxyBeanMethods = false)
class MemoryTaskConfiguration {

    @Bean
    RecurringTask<Void> memoryRetentionTask(Retention retention, MemoryProperties properties) {
        return Tasks.recurring("memory-retention", FixedDelay.of(properties.retentionInterval()))
                .execute((instance, context) -> retention.runOnce());
    }
}
