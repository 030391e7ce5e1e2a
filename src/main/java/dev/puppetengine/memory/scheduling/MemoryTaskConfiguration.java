package dev.puppetengine.memory.scheduling;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import dev.puppetengine.memory.MemoryProperties;
import dev.puppetengine.memory.Reflection;
import dev.puppetengine.memory.Retention;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Registers the retention and reflection jobs; the engine's db-scheduler picks up every task bean. */
@Configuration(proxyBeanMethods = false)
class MemoryTaskConfiguration {

    @Bean
    RecurringTask<Void> memoryRetentionTask(Retention retention, MemoryProperties properties) {
        return Tasks.recurring("memory-retention", FixedDelay.of(properties.retentionInterval()))
                .execute((instance, context) -> retention.runOnce());
    }

    @Bean
    RecurringTask<Void> memoryReflectionTask(Reflection reflection, MemoryProperties properties) {
        return Tasks.recurring("memory-reflection", FixedDelay.of(properties.reflectionInterval()))
                .execute((instance, context) -> reflection.runOnce());
    }
}
