package dev.puppetengine.agent.scheduling;

import com.github.kagkarlsson.scheduler.ScheduledExecutionsFilter;
import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.exceptions.TaskInstanceCurrentlyExecutingException;
import com.github.kagkarlsson.scheduler.task.SchedulableInstance;
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
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;
import org.springframework.transaction.support.TransactionOperations;

/**
 * Keeps one {@code post-due} and one {@code mentions} instance per active persona ({@link PersonaTasks}). On start,
 * before the scheduler runs anything, only personas without an instance get one (the first post spread over {@link
 * Engine#firstPostWindow}: 1–5 minutes out for a small cast, over the cast's steady posting pace for a large one; the
 * first mention check within one interval, or with the cast search on one node spread over the covered wait, as the
 * first cast read wakes every persona it does not cover), so a restart never causes a burst: an instance found overdue
 * runs once and reschedules normally. Start reads the existing instances in one query per task and adds the missing
 * ones in batches of {@value #CHUNK} personas. A persona added later gets its first post 1–5 minutes out. Listens to
 * {@link PersonaActivationChanged}: pausing removes the persona's instances, resuming adds them back. With the cast
 * search on, one {@code cast-mentions} instance reads the mentions of the whole cast; it is due at start.
 */
public final class PersonaSchedules implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(PersonaSchedules.class);
    private static final int CHUNK = 500;
    private static final TaskInstanceId LEGACY_MENTIONS =
            TaskInstanceId.of(PersonaTasks.MENTIONS.getTaskName(), RecurringTask.INSTANCE);
    private static final TaskInstanceId CAST_MENTIONS = PersonaTasks.CAST_MENTIONS.instanceId(PersonaTasks.CAST);

    private final SchedulerClient scheduler;
    private final Engine engine;
    private final Duration mentionInterval;
    private final Duration firstChecksAtStart;
    private final RandomGenerator random;
    private final Clock clock;
    private final boolean castSearch;
    private final TransactionOperations transactions;
    private volatile boolean running;

    public PersonaSchedules(
            SchedulerClient scheduler, Engine engine, Duration mentionInterval, RandomGenerator random, Clock clock) {
        this(
                scheduler,
                engine,
                mentionInterval,
                mentionInterval,
                random,
                clock,
                false,
                TransactionOperations.withoutTransaction());
    }

    /**
     * @param mentionInterval the first mention check of a persona added later comes within it
     * @param firstChecksAtStart the first mention checks of the personas scheduled at start are spread over it (with
     *     the cast search on one node, the covered wait: the first cast read wakes every persona it does not cover)
     * @param castSearch whether the {@code cast-mentions} instance runs (first at start, before any persona's)
     * @param transactions one per chunk of personas scheduled at start, for their next post times
     */
    public PersonaSchedules(
            SchedulerClient scheduler,
            Engine engine,
            Duration mentionInterval,
            Duration firstChecksAtStart,
            RandomGenerator random,
            Clock clock,
            boolean castSearch,
            TransactionOperations transactions) {
        this.firstChecksAtStart = firstChecksAtStart;
        this.castSearch = castSearch;
        this.transactions = transactions;
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
        Set<String> posting = instanceIds(PersonaTasks.POST_DUE);
        Set<String> checking = instanceIds(PersonaTasks.MENTIONS);
        List<PersonaId> withoutPost = active.stream()
                .filter(persona -> !posting.contains(persona.value()))
                .toList();
        Duration window = engine.firstPostWindow(withoutPost);
        List<PersonaId> missing = active.stream()
                .filter(persona -> !posting.contains(persona.value()) || !checking.contains(persona.value()))
                .toList();
        int added = 0;
        for (int from = 0; from < missing.size(); from += CHUNK) {
            List<PersonaId> chunk = missing.subList(from, Math.min(missing.size(), from + CHUNK));
            added += scheduleChunk(chunk, posting, checking, window);
            if (missing.size() > CHUNK) {
                log.info("persona schedules: {} of {} personas scheduled", from + chunk.size(), missing.size());
            }
        }
        running = true;
        log.info(
                "persona schedules ready for {} active personas: {} added, the others kept; first posts spread over {}",
                active.size(),
                added,
                window);
    }

    /**
     * Schedules the chunk's missing instances in one batch per task, the first posts drawn in {@code window}; returns
     * how many personas got any. When the batch fails (another node added one of them meanwhile), each instance is
     * added on its own unless it exists.
     */
    private int scheduleChunk(List<PersonaId> chunk, Set<String> posting, Set<String> checking, Duration window) {
        List<SchedulableInstance<?>> posts = new ArrayList<>();
        List<SchedulableInstance<?>> mentions = new ArrayList<>();
        Map<PersonaId, Instant> firstPosts = new LinkedHashMap<>();
        for (PersonaId persona : chunk) {
            if (!posting.contains(persona.value())) {
                Instant at = engine.drawFirstPost(window);
                firstPosts.put(persona, at);
                posts.add(SchedulableInstance.of(
                        PersonaTasks.POST_DUE.instance(persona.value()).build(), at));
            }
            if (!checking.contains(persona.value())) {
                mentions.add(SchedulableInstance.of(
                        PersonaTasks.MENTIONS.instance(persona.value()).build(),
                        firstMentionCheck(firstChecksAtStart)));
            }
        }
        transactions.executeWithoutResult(status -> engine.recordFirstPosts(firstPosts));
        scheduleAll(posts);
        scheduleAll(mentions);
        return chunk.size();
    }

    private void scheduleAll(List<SchedulableInstance<?>> instances) {
        if (instances.isEmpty()) {
            return;
        }
        try {
            scheduler.scheduleBatch(instances);
        } catch (RuntimeException batchFailed) {
            log.info(
                    "batch of {} task instances not added at once ({}); one by one",
                    instances.size(),
                    batchFailed.getClass().getSimpleName());
            for (SchedulableInstance<?> instance : instances) {
                scheduler.scheduleIfNotExists(instance);
            }
        }
    }

    /** The ids of the task's instances, picked ones (running on a node now) included: one query. */
    private Set<String> instanceIds(TaskDescriptor<Void> task) {
        Set<String> ids = new HashSet<>();
        scheduler.fetchScheduledExecutionsForTask(
                task.getTaskName(),
                Void.class,
                ScheduledExecutionsFilter.all(),
                execution -> ids.add(execution.getTaskInstance().getId()));
        return ids;
    }

    private Instant firstMentionCheck(Duration within) {
        return clock.instant()
                .plusMillis(random.nextLong(Math.max(1, within.toMillis())))
                .truncatedTo(ChronoUnit.MILLIS);
    }

    /** Gives the persona its post-due and mentions instances unless it has them; returns true when any was added. */
    public boolean ensureScheduled(PersonaId persona) {
        boolean added = false;
        if (isMissing(PersonaTasks.POST_DUE, persona)) {
            added |= scheduler.scheduleIfNotExists(
                    PersonaTasks.POST_DUE.instance(persona.value()).build(), engine.scheduleFirstPost(persona));
        }
        if (isMissing(PersonaTasks.MENTIONS, persona)) {
            added |= scheduler.scheduleIfNotExists(
                    PersonaTasks.MENTIONS.instance(persona.value()).build(), firstMentionCheck(mentionInterval));
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
