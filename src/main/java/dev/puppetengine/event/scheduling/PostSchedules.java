package dev.puppetengine.event.scheduling;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.exceptions.TaskInstanceCurrentlyExecutingException;
import com.github.kagkarlsson.scheduler.task.TaskInstanceId;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import dev.puppetengine.agent.Engine;
import dev.puppetengine.persona.PersonaId;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Starts and stops the scheduler with the application, and keeps one post-due task instance per active persona. On
 * start only personas without an instance get one (their first post a few minutes out), so a restart never causes a
 * burst: an instance found overdue runs once and reschedules normally.
 */
public final class PostSchedules implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(PostSchedules.class);

    private final Scheduler scheduler;
    private final Engine engine;
    private final RecurringTask<Void> mentions;
    private final Clock clock;
    private volatile boolean running;

    public PostSchedules(Scheduler scheduler, Engine engine, RecurringTask<Void> mentions, Clock clock) {
        this.scheduler = scheduler;
        this.engine = engine;
        this.mentions = mentions;
        this.clock = clock;
    }

    @Override
    public void start() {
        scheduler.start();
        running = true;
        scheduler.scheduleIfNotExists(mentions.instance(RecurringTask.INSTANCE), clock.instant());
        int added = 0;
        for (PersonaId persona : engine.listActivePersonas()) {
            if (ensureScheduled(persona)) {
                added++;
            }
        }
        log.info("post schedules ready: {} new, the others kept from before", added);
    }

    /** Gives the persona a post-due instance unless it has one; returns true when one was added. */
    public boolean ensureScheduled(PersonaId persona) {
        TaskInstanceId id = EngineTasks.POST_DUE.instanceId(persona.value());
        if (scheduler.getScheduledExecution(id).isPresent()) {
            return false;
        }
        return scheduler.scheduleIfNotExists(
                EngineTasks.POST_DUE.instance(persona.value()).build(), engine.firstPostAt(persona));
    }

    /** Removes the persona's post-due instance; a run in progress finds the persona paused and removes itself. */
    public void unschedule(PersonaId persona) {
        TaskInstanceId id = EngineTasks.POST_DUE.instanceId(persona.value());
        try {
            if (scheduler.getScheduledExecution(id).isPresent()) {
                scheduler.cancel(id);
            }
        } catch (TaskInstanceCurrentlyExecutingException e) {
            log.info("{} is posting right now; its schedule stops after this post", persona);
        }
    }

    @Override
    public void stop() {
        running = false;
        scheduler.stop();
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
