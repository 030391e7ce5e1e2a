package dev.puppetengine.event.scheduling;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.exceptions.TaskInstanceCurrentlyExecutingException;
import com.github.kagkarlsson.scheduler.task.TaskInstanceId;
import dev.puppetengine.agent.Engine;
import dev.puppetengine.agent.PersonaActivationChanged;
import dev.puppetengine.persona.PersonaId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;

/**
 * Starts and stops the scheduler with the application, and keeps one post-due task instance per active persona. On
 * start only personas without an instance get one (their first post a few minutes out), so a restart never causes a
 * burst: an instance found overdue runs once and reschedules normally. Listens to {@link PersonaActivationChanged}:
 * pausing removes the persona's instance, resuming adds one.
 */
public final class PostSchedules implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(PostSchedules.class);

    private final Scheduler scheduler;
    private final Engine engine;
    private volatile boolean running;

    public PostSchedules(Scheduler scheduler, Engine engine) {
        this.scheduler = scheduler;
        this.engine = engine;
    }

    @Override
    public void start() {
        scheduler.start();
        running = true;
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

    @EventListener
    void onActivationChanged(PersonaActivationChanged changed) {
        if (!running) {
            return;
        }
        if (changed.active()) {
            ensureScheduled(changed.personaId());
        } else {
            unschedule(changed.personaId());
        }
    }

    @Override
    public void stop() {
        running = false;
        scheduler.stop();
    }

    /** After the web server: the sandbox network is served by it. Stops before it. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE;
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
