package dev.puppetengine.agent.scheduling;

import com.github.kagkarlsson.scheduler.task.CompletionHandler;
import com.github.kagkarlsson.scheduler.task.DeadExecutionHandler;
import com.github.kagkarlsson.scheduler.task.FailureHandler;
import com.github.kagkarlsson.scheduler.task.TaskDescriptor;
import com.github.kagkarlsson.scheduler.task.helper.CustomTask;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import dev.puppetengine.agent.CastMentions;
import dev.puppetengine.agent.Engine;
import dev.puppetengine.agent.PersonaBusyException;
import dev.puppetengine.persona.PersonaId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The persona tasks, one instance per active persona each (instance id = persona id), so one slow persona never
 * delays another. {@code post-due} is due at the persona's next post; each run posts once and reschedules itself at
 * the time the engine returns. {@code mentions} answers the persona's new mentions and reschedules itself when its
 * {@link MentionCadence} says (sooner while a conversation is active); while the cast-wide search reads them
 * ({@code cast-mentions}, {@link CastMentions}) it only delivers the persona's replies and comes back when the next
 * waiting one is due, else every {@link MentionCadence#COVERED} (the cast read wakes it sooner through
 * {@link SchedulerMentionWakeups}). Both remove themselves when the persona is paused or gone.
 */
public final class PersonaTasks {

    public static final TaskDescriptor<Void> POST_DUE = TaskDescriptor.of("post-due", Void.class);
    public static final TaskDescriptor<Void> MENTIONS = TaskDescriptor.of("mentions", Void.class);
    public static final TaskDescriptor<Void> CAST_MENTIONS = TaskDescriptor.of("cast-mentions", Void.class);
    /** The one instance of {@code cast-mentions}. */
    public static final String CAST = "cast";

    private static final Logger log = LoggerFactory.getLogger(PersonaTasks.class);
    private static final Duration RETRY_FAILED_RUN = Duration.ofMinutes(10);

    /** A step that found its persona busy on another node (PersonaBusyException) runs again this soon. */
    static final Duration RETRY_BUSY = Duration.ofSeconds(2);

    private PersonaTasks() {}

    /**
     * Retries a failed run after {@code usual}; one that did not run because another node held the persona
     * ({@link PersonaBusyException}) after {@link #RETRY_BUSY}.
     */
    static <T> FailureHandler<T> retryLater(Duration usual) {
        FailureHandler<T> busy = new FailureHandler.OnFailureRetryLater<>(RETRY_BUSY);
        FailureHandler<T> failed = new FailureHandler.OnFailureRetryLater<>(usual);
        return (complete, operations) -> {
            boolean wasBusy = complete.getCause()
                    .filter(cause -> cause instanceof PersonaBusyException)
                    .isPresent();
            (wasBusy ? busy : failed).onFailure(complete, operations);
        };
    }

    public static CustomTask<Void> postDue(Engine engine) {
        return Tasks.custom(POST_DUE)
                .onFailure(retryLater(RETRY_FAILED_RUN))
                .onDeadExecution(new DeadExecutionHandler.ReviveDeadExecution<>())
                .execute((instance, context) -> {
                    Instant slot = context.getExecution().executionTime;
                    Optional<Instant> next = engine.postDue(PersonaId.of(instance.getId()), slot);
                    if (next.isEmpty()) {
                        return new CompletionHandler.OnCompleteRemove<>();
                    }
                    Instant at = next.get();
                    return (complete, operations) -> operations.reschedule(complete, at);
                });
    }

    /**
     * Versions before the per-persona task ran one recurring {@code mentions} instance for the whole cast; its row
     * (instance {@code recurring}) is removed on its next run.
     */
    static CustomTask<Void> mentions(Engine engine, MentionCadence cadence, Clock clock) {
        return mentions(engine, persona -> false, cadence, clock);
    }

    /** @param coveredByCast whether the cast-wide search reads the persona's mentions ({@link CastMentions#covers}) */
    static CustomTask<Void> mentions(
            Engine engine, Predicate<PersonaId> coveredByCast, MentionCadence cadence, Clock clock) {
        return mentions(engine, coveredByCast, cadence, clock, false);
    }

    /**
     * @param pollsWhileCovered a covered persona's task comes back at the usual cadence, not only for its waiting
     *     replies: on a database other nodes share (docs/CLUSTER.md), where the cast search's coverage is known per
     *     node and a persona's next step on the survivor of a lost node is what takes it over (within 30 s)
     */
    static CustomTask<Void> mentions(
            Engine engine,
            Predicate<PersonaId> coveredByCast,
            MentionCadence cadence,
            Clock clock,
            boolean pollsWhileCovered) {
        return Tasks.custom(MENTIONS)
                .onFailure(retryLater(cadence.active()))
                .onDeadExecution(new DeadExecutionHandler.ReviveDeadExecution<>())
                .execute((instance, context) -> {
                    if (instance.getId().equals(RecurringTask.INSTANCE)) {
                        log.info("removing the cast-wide mentions task of an older version: each persona has its own");
                        return new CompletionHandler.OnCompleteRemove<>();
                    }
                    Optional<Instant> next = checkMentions(
                            engine, coveredByCast, cadence, clock, PersonaId.of(instance.getId()), pollsWhileCovered);
                    if (next.isEmpty()) {
                        return new CompletionHandler.OnCompleteRemove<>();
                    }
                    Instant at = next.get();
                    return (complete, operations) -> operations.reschedule(complete, at);
                });
    }

    /**
     * One run of the persona's {@code mentions} task: answers its mentions, or while the cast search covers it only
     * delivers its waiting replies; returns when the task runs next (covered: when its first waiting reply is due,
     * else in {@link MentionCadence#COVERED}), empty when the persona is paused or gone.
     */
    static Optional<Instant> checkMentions(
            Engine engine, Predicate<PersonaId> coveredByCast, MentionCadence cadence, Clock clock, PersonaId persona) {
        return checkMentions(engine, coveredByCast, cadence, clock, persona, false);
    }

    /** As above; with {@code pollsWhileCovered} a covered persona's task comes back at the usual cadence. */
    static Optional<Instant> checkMentions(
            Engine engine,
            Predicate<PersonaId> coveredByCast,
            MentionCadence cadence,
            Clock clock,
            PersonaId persona,
            boolean pollsWhileCovered) {
        boolean covered = coveredByCast.test(persona);
        Engine.MentionCheck check = covered ? engine.deliverReplies(persona) : engine.answerMentions(persona);
        if (!check.continues()) {
            return Optional.empty();
        }
        Duration wait = covered && !pollsWhileCovered ? cadence.nextCovered(check) : cadence.next(persona, check);
        return Optional.of(clock.instant().plus(wait).truncatedTo(ChronoUnit.MILLIS));
    }

    /**
     * {@code cast-mentions} (one instance, {@value #CAST}): the cast-wide mentions search ({@link CastMentions}),
     * rescheduled as {@link MentionCadence#nextForCast} says; removes itself when the switch is off.
     */
    static CustomTask<Void> castMentions(CastMentions cast, MentionCadence cadence, Clock clock) {
        return Tasks.custom(CAST_MENTIONS)
                .onFailure(retryLater(cadence.active()))
                .onDeadExecution(new DeadExecutionHandler.ReviveDeadExecution<>())
                .execute((instance, context) -> {
                    if (!cast.enabled()) {
                        cast.read();
                        return new CompletionHandler.OnCompleteRemove<>();
                    }
                    CastMentions.CastCheck check = cast.read();
                    Instant at =
                            clock.instant().plus(cadence.nextForCast(check)).truncatedTo(ChronoUnit.MILLIS);
                    return (complete, operations) -> operations.reschedule(complete, at);
                });
    }
}
