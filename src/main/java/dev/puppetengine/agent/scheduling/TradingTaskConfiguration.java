package dev.puppetengine.agent.scheduling;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.task.helper.CustomTask;
import dev.puppetengine.agent.Trading;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Registers {@code trade-due} (the engine's db-scheduler picks up every task bean) and its instances. */
@Configuration(proxyBeanMethods = false)
class TradingTaskConfiguration {

    @Bean
    CustomTask<Void> tradeDueTask(Trading trading) {
        return TradingTasks.tradeDue(trading);
    }

    @Bean
    TradingSchedules tradingSchedules(Scheduler scheduler, Trading trading) {
        return new TradingSchedules(scheduler, trading);
    }
}
