package dev.puppetengine.solana.scheduling;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import dev.puppetengine.solana.TradeRecovery;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Trade recovery: once when the engine is up (a killed run may have left a swap sent and unconfirmed) and then every
 * minute of engine time; the engine's db-scheduler picks up the task bean.
 */
@Configuration(proxyBeanMethods = false)
class TradeTaskConfiguration {

    private static final Logger log = LoggerFactory.getLogger(TradeTaskConfiguration.class);
    static final Duration INTERVAL = Duration.ofMinutes(1);

    @Bean
    RecurringTask<Void> tradeRecoveryTask(TradeRecovery recovery) {
        return Tasks.recurring("trade-recovery", FixedDelay.of(INTERVAL))
                .execute((instance, context) -> recovery.runOnce());
    }

    /** Off the start-up thread: reading statuses may wait on the RPC node. */
    @Bean
    ApplicationListener<ApplicationReadyEvent> tradeRecoveryOnStart(TradeRecovery recovery) {
        return event -> Thread.ofVirtual().name("trade-recovery-start").start(() -> {
            try {
                int moved = recovery.runOnce();
                if (moved > 0) {
                    log.info("trade recovery on start-up settled {} trades", moved);
                }
            } catch (RuntimeException e) {
                log.warn("trade recovery on start-up failed, the recurring task tries again: {}", e.toString());
            }
        });
    }
}
