package dev.puppetengine.agent.scheduling;

import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.exceptions.TaskInstanceCurrentlyExecutingException;
import com.github.kagkarlsson.scheduler.task.TaskDescriptor;
import com.github.kagkarlsson.scheduler.task.TaskInstanceId;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import dev.puppetengine.agent.Engine;
import dev.puppetengine.agent.PersonaActivationChanged;
import dev.puppetengine.persona.PersonaId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;

/**
 * Keeps one {@code post-due} and one {@code mentions} instance per active persona ({@link PersonaTasks}). On start,
 * before the scheduler runs anything, only personas without an instance get one (the first post a few minutes out,
 * the first mention check within one interval), so a restart never causes a burst: an instance found overdue runs
 * once and reschedules normally. Listens to {@link PersonaActivationChanged}: pausing removes the persona's
 * instances, resuming adds them back. With the cast search on, one {@code cast-mentions} instance reads the mentions
 * of the whole cast; it is due at start.
 */
public final class PersonaSchedules implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(PersonaSchedules.class);
    private static final TaskInstanceId LEGACY_MENTIONS =
            TaskInstanceId.of(PersonaTasks.MENTIONS.getTaskName(), RecurringTask.INSTANCE);
    private static final TaskInstanceId CAST_MENTIONS = PersonaTasks.CAST_MENTIONS.instanceId(PersonaTasks.CAST);

    private final SchedulerClient scheduler;
    private final Engine engine;
    private final Duration mentionInterval;
    private final RandomGenerator random;
    private final Clock clock;
    private final boolean castSearch;
    private volatile boolean running;

    public PersonaSchedules(
            SchedulerClient scheduler, Engine engine, Duration mentionInterval, RandomGenerator random, Clock clock) {
        this(scheduler, engine, mentionInterval, random, clock, false);
    }

    /** @param castSearch whether the {@code cast-mentions} instance runs (first at start, before any persona's) */
    public PersonaSchedules(
            SchedulerClient scheduler,
            Engine engine,
            Duration mentionInterval,
            RandomGenerator random,
            Clock clock,
            boolean castSearch) {
        this.castSearch = castSearch;
        this.scheduler = scheduler;
        this.engine = engine;
        this.mentionInterval = mentionInterval;
        this.random = random;
        this.clock = clock;
    }

    @Override
    public void start() {
        cancelIfWaiting(LEGACY_MENTIONS);
        if (castSearch && scheduler.getScheduledExecution(CAST_MENTIONS).isEmpty()) {
            scheduler.scheduleIfNotExists(
                    PersonaTasks.CAST_MENTIONS.instance(PersonaTasks.CAST).build(),
                    clock.instant().truncatedTo(ChronoUnit.MILLIS));
        }
        List<PersonaId> active = engine.listActivePersonas();
        int added = 0;
        for (PersonaId persona : active) {
            if (ensureScheduled(persona)) {
                added++;
            }
        }
        running = true;
        log.info("persona schedules ready for {} active personas: {} added, the others kept", active.size(), added);
    }

    /** Gives the persona its post-due and mentions instances unless it has them; returns true when any was added. */
    public boolean ensureScheduled(PersonaId persona) {
        boolean added = false;
        if (isMissing(PersonaTasks.POST_DUE, persona)) {
            added |= scheduler.scheduleIfNotExists(
                    PersonaTasks.POST_DUE.instance(persona.value()).build(), engine.scheduleFirstPost(persona));
        }
        if (isMissing(PersonaTasks.MENTIONS, persona)) {
            Instant first = clock.instant()
                    .plusMillis(random.nextLong(Math.max(1, mentionInterval.toMillis())))
                    .truncatedTo(ChronoUnit.MILLIS);
            added |= scheduler.scheduleIfNotExists(
                    PersonaTasks.MENTIONS.instance(persona.value()).build(), first);
        }
        return added;
    }

    /** Removes the persona's instances; a run in progress finds the persona paused and removes itself. */
    public void unschedule(PersonaId persona) {
        cancelIfWaiting(PersonaTasks.POST_DUE.instanceId(persona.value()));
        cancelIfWaiting(PersonaTasks.MENTIONS.instanceId(persona.value()));
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

    private boolean isMissing(TaskDescriptor<Void> task, PersonaId persona) {
        return scheduler.getScheduledExecution(task.instanceId(persona.value())).isEmpty();
    }

    private void cancelIfWaiting(TaskInstanceId id) {
        cancelIfWaiting(scheduler, id);
    }

    /** Cancels the waiting execution {@code id}, if any; one running now removes itself after its run. */
    static void cancelIfWaiting(SchedulerClient scheduler, TaskInstanceId id) {
        try {
            if (scheduler.getScheduledExecution(id).isPresent()) {
                scheduler.cancel(id);
            }
        } catch (TaskInstanceCurrentlyExecutingException e) {
            log.info("{} is running right now; it stops after this run", id.getId());
        }
    }

    @Override
    public void stop() {
        running = false;
    }

    /** Just before the scheduler starts, after the web server (the sandbox network is served by it). */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 1;
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
