package dev.puppetengine.agent.scheduling;

import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.task.TaskInstanceId;
import dev.puppetengine.agent.PersonaActivationChanged;
import dev.puppetengine.agent.Trading;
import dev.puppetengine.persona.PersonaId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;

/**
 * Keeps one {@code trade-due} instance per active trading persona ({@link TradingTasks}). On start, before the
 * scheduler runs anything, a trading persona without an instance gets one (its first decision a few minutes out), one
 * that has it keeps it, and the instances of personas that no longer trade are removed. Pausing a persona removes its
 * instance, resuming adds it back.
 */
public final class TradingSchedules implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(TradingSchedules.class);

    private final SchedulerClient scheduler;
    private final Trading trading;
    private volatile boolean running;

    public TradingSchedules(SchedulerClient scheduler, Trading trading) {
        this.scheduler = scheduler;
        this.trading = trading;
    }

    @Override
    public void start() {
        List<PersonaId> traders = trading.listTradingPersonas();
        Set<String> ids = new HashSet<>();
        int added = 0;
        for (PersonaId persona : traders) {
            ids.add(persona.value());
            if (ensureScheduled(persona)) {
                added++;
            }
        }
        List<String> stale = new ArrayList<>();
        scheduler.fetchScheduledExecutionsForTask(TradingTasks.TRADE_DUE.getTaskName(), Void.class, execution -> {
            String id = execution.getTaskInstance().getId();
            if (!ids.contains(id)) {
                stale.add(id);
            }
        });
        stale.forEach(id -> PersonaSchedules.cancelIfWaiting(scheduler, TradingTasks.TRADE_DUE.instanceId(id)));
        running = true;
        log.info(
                "trading schedules ready for {} trading personas: {} added, {} removed",
                traders.size(),
                added,
                stale.size());
    }

    /** Gives the persona its {@code trade-due} instance unless it has one; true when it was added. */
    public boolean ensureScheduled(PersonaId persona) {
        TaskInstanceId id = TradingTasks.TRADE_DUE.instanceId(persona.value());
        if (scheduler.getScheduledExecution(id).isPresent()) {
            return false;
        }
        return scheduler.scheduleIfNotExists(
                TradingTasks.TRADE_DUE.instance(persona.value()).build(), trading.scheduleFirstTrade(persona));
    }

    @EventListener
    void onActivationChanged(PersonaActivationChanged changed) {
        if (!running) {
            return;
        }
        if (changed.active() && trading.listTradingPersonas().contains(changed.personaId())) {
            ensureScheduled(changed.personaId());
        } else if (!changed.active()) {
            PersonaSchedules.cancelIfWaiting(
                    scheduler,
                    TradingTasks.TRADE_DUE.instanceId(changed.personaId().value()));
        }
    }

    @Override
    public void stop() {
        running = false;
    }

    /** With the persona schedules: just before the scheduler starts, after the web server. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 1;
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
