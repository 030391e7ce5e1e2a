package dev.puppetengine.agent.scheduling;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.task.helper.CustomTask;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import dev.puppetengine.agent.Approvals;
import dev.puppetengine.agent.CastMentions;
import dev.puppetengine.agent.Engine;
import dev.puppetengine.agent.MentionWakeups;
import dev.puppetengine.memory.MemoryProperties;
import dev.puppetengine.memory.MemoryStore;
import dev.puppetengine.shared.EngineProperties;
import dev.puppetengine.social.XUsage;
import dev.puppetengine.social.twitter.XPolicyProperties;
import dev.puppetengine.social.twitter.XReadsProperties;
import java.time.Clock;
import java.time.Duration;
import java.util.Random;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** Registers the persona tasks (the engine's db-scheduler picks up every task bean) and their schedules. */
@Configuration(proxyBeanMethods = false)
class AgentTaskConfiguration {

    private static final Duration MENTIONS_MIN_REAL_INTERVAL = Duration.ofSeconds(2);
    private static final Duration APPROVAL_EXPIRY_CHECK = Duration.ofMinutes(1);

    @Bean
    CustomTask<Void> postDueTask(Engine engine) {
        return PersonaTasks.postDue(engine);
    }

    /**
     * Adaptive live (and when the sandbox rehearses the live policy); otherwise every active interval, as the sandbox
     * costs no reads.
     */
    @Bean
    MentionCadence mentionCadence(
            EngineProperties properties, XReadsProperties reads, XPolicyProperties policy, XUsage usage, Clock clock) {
        boolean adaptive = properties.mode() == EngineProperties.Mode.LIVE || policy.enforcePolicyInSandbox();
        return new MentionCadence(
                atSpeed(reads.activeInterval(), properties),
                atSpeed(adaptive ? reads.quietInterval() : reads.activeInterval(), properties),
                reads.activeFor(),
                atSpeed(MentionCadence.COVERED, properties),
                reads.monthlyBudget(),
                usage,
                clock);
    }

    /** Reflection for every persona that is due, every {@code puppet.memory.reflection-interval}. */
    @Bean
    RecurringTask<Void> memoryReflectionTask(Engine engine, MemoryProperties properties) {
        return Tasks.recurring("memory-reflection", FixedDelay.of(properties.reflectionInterval()))
                .execute((instance, context) -> engine.reflectAll());
    }

    /** Waiting posts nobody approved in time expire, each with a decision (issue 12). */
    @Bean
    RecurringTask<Void> approvalExpiryTask(Approvals approvals) {
        return Tasks.recurring("approval-expiry", FixedDelay.of(APPROVAL_EXPIRY_CHECK))
                .execute((instance, context) -> approvals.expireDue());
    }

    /**
     * Brings a persona's mentions task forward (the cast read's dropped personas and waiting replies); the scheduler
     * is resolved on first use, as it depends on the tasks.
     */
    @Bean
    MentionWakeups mentionWakeups(ObjectProvider<Scheduler> scheduler) {
        return new SchedulerMentionWakeups(scheduler::getObject);
    }

    @Bean
    CustomTask<Void> mentionsTask(
            Engine engine, CastMentions cast, MentionCadence cadence, Clock clock, MemoryStore memories) {
        // one node: a covered persona's task comes back only for its waiting replies; nodes sharing a database keep
        // polling, as the cast search's coverage is per node and takeover of a lost node's personas needs steps
        return PersonaTasks.mentions(engine, cast::covers, cadence, clock, memories.sharedWithOtherNodes());
    }

    @Bean
    CustomTask<Void> castMentionsTask(CastMentions cast, MentionCadence cadence, Clock clock) {
        return PersonaTasks.castMentions(cast, cadence, clock);
    }

    @Bean
    PersonaSchedules personaSchedules(
            Scheduler scheduler,
            Engine engine,
            CastMentions cast,
            MentionCadence cadence,
            Clock clock,
            MemoryStore memories,
            PlatformTransactionManager transactionManager) {
        // one node with the cast search: the first cast read (due at start) covers the cast and wakes every persona it
        // does not, so the personas' own first checks (a safety net) spread over the covered wait, not one interval
        boolean coveredAtStart = cast.enabled() && !memories.sharedWithOtherNodes();
        return new PersonaSchedules(
                scheduler,
                engine,
                cadence.active(),
                coveredAtStart ? cadence.covered() : cadence.active(),
                new Random(),
                clock,
                cast.enabled(),
                new TransactionTemplate(transactionManager));
    }

    /** A persona-time interval, but never more often than every two real seconds at demo speeds. */
    static Duration atSpeed(Duration interval, EngineProperties properties) {
        Duration floor = Duration.ofMillis(Math.round(MENTIONS_MIN_REAL_INTERVAL.toMillis() * properties.speed()));
        return floor.compareTo(interval) > 0 ? floor : interval;
    }
}
