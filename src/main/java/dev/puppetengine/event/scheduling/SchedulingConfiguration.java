package dev.puppetengine.event.scheduling;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.task.Task;
import com.github.kagkarlsson.scheduler.task.helper.CustomTask;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import dev.puppetengine.agent.DecisionLog;
import dev.puppetengine.agent.DraftingPostWriter;
import dev.puppetengine.agent.Engine;
import dev.puppetengine.agent.PersonaStateStore;
import dev.puppetengine.agent.PostPrompts;
import dev.puppetengine.llm.CallSampling;
import dev.puppetengine.llm.PostDrafter;
import dev.puppetengine.llm.PromptComposer;
import dev.puppetengine.memory.MemoryStore;
import dev.puppetengine.memory.Recall;
import dev.puppetengine.persona.PersonaCatalog;
import dev.puppetengine.shared.EngineProperties;
import dev.puppetengine.social.Outbox;
import dev.puppetengine.social.twitter.SocialNetworks;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Executors;
import javax.sql.DataSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Wires the engine loop and builds the db-scheduler {@link Scheduler} on the engine's data source with every
 * {@link Task} bean of the context (recurring ones are scheduled on start). Executions run on virtual threads. The
 * scheduler reads the injected {@link Clock}, so with {@code --speed X} task times are persona times. Its heartbeats
 * are sent in real time, so the number of missed heartbeats before an execution counts as dead is multiplied by the
 * speed: dead-execution detection keeps its real-time meaning (about 30 s).
 */
@Configuration(proxyBeanMethods = false)
class SchedulingConfiguration {

    private static final Duration POLLING_INTERVAL = Duration.ofMillis(250);
    private static final Duration HEARTBEAT_INTERVAL = Duration.ofSeconds(5);
    private static final int MISSED_HEARTBEATS = 6;
    private static final int THREADS = 16;
    private static final Duration MENTIONS_INTERVAL = Duration.ofMinutes(1);
    private static final Duration MENTIONS_MIN_REAL_INTERVAL = Duration.ofSeconds(2);

    @Bean
    Engine engine(
            PersonaCatalog catalog,
            PersonaStateStore states,
            SocialNetworks networks,
            PostDrafter drafter,
            CallSampling sampling,
            PostPrompts prompts,
            Outbox outbox,
            MemoryStore memories,
            DecisionLog decisions,
            PlatformTransactionManager transactionManager,
            Clock clock) {
        return new Engine(
                catalog,
                states,
                networks::forPersona,
                new DraftingPostWriter(drafter, sampling, prompts),
                outbox,
                memories,
                decisions,
                new Random(),
                new TransactionTemplate(transactionManager),
                clock);
    }

    @Bean
    PostPrompts postPrompts(PromptComposer composer, Recall recall, PersonaStateStore states, Outbox outbox) {
        return new PostPrompts(composer, recall, states, outbox);
    }

    @Bean
    CustomTask<Void> postDueTask(Engine engine) {
        return EngineTasks.postDue(engine);
    }

    /** Every persona-minute, but never more often than every two real seconds at demo speeds. */
    @Bean
    RecurringTask<Void> mentionsTask(Engine engine, EngineProperties properties) {
        Duration atSpeed = Duration.ofMillis(Math.round(MENTIONS_MIN_REAL_INTERVAL.toMillis() * properties.speed()));
        return EngineTasks.mentions(engine, atSpeed.compareTo(MENTIONS_INTERVAL) > 0 ? atSpeed : MENTIONS_INTERVAL);
    }

    @Bean
    Scheduler scheduler(DataSource dataSource, List<Task<?>> tasks, Clock clock, EngineProperties properties) {
        int missedHeartbeats = (int) Math.ceil(MISSED_HEARTBEATS * Math.max(1, properties.speed()));
        List<RecurringTask<?>> startTasks = tasks.stream()
                .filter(task -> task instanceof RecurringTask<?>)
                .<RecurringTask<?>>map(task -> (RecurringTask<?>) task)
                .toList();
        List<Task<?>> otherTasks = tasks.stream()
                .filter(task -> !(task instanceof RecurringTask<?>))
                .toList();
        // startTasks registers the recurring tasks as known tasks too.
        return Scheduler.create(dataSource, otherTasks)
                .startTasks(startTasks)
                .clock(clock::instant)
                .pollingInterval(POLLING_INTERVAL)
                .heartbeatInterval(HEARTBEAT_INTERVAL)
                .missedHeartbeatsLimit(missedHeartbeats)
                .threads(THREADS)
                .executorService(Executors.newVirtualThreadPerTaskExecutor())
                .enableImmediateExecution()
                .shutdownMaxWait(Duration.ofSeconds(5))
                .build();
    }

    @Bean
    PostSchedules postSchedules(Scheduler scheduler, Engine engine) {
        return new PostSchedules(scheduler, engine);
    }
}
