package dev.puppetengine.agent.scheduling;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.task.helper.CustomTask;
import dev.puppetengine.agent.Engine;
import dev.puppetengine.shared.EngineProperties;
import java.time.Clock;
import java.time.Duration;
import java.util.Random;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Registers the persona tasks (the engine's db-scheduler picks up every task bean) and their schedules. */
@Configuration(proxyBeanMethods = false)
class AgentTaskConfiguration {

    private static final Duration MENTIONS_INTERVAL = Duration.ofMinutes(1);
    private static final Duration MENTIONS_MIN_REAL_INTERVAL = Duration.ofSeconds(2);

    @Bean
    CustomTask<Void> postDueTask(Engine engine) {
        return PersonaTasks.postDue(engine);
    }

    @Bean
    CustomTask<Void> mentionsTask(Engine engine, EngineProperties properties, Clock clock) {
        return PersonaTasks.mentions(engine, mentionInterval(properties), clock);
    }

    @Bean
    PersonaSchedules personaSchedules(Scheduler scheduler, Engine engine, EngineProperties properties, Clock clock) {
        return new PersonaSchedules(scheduler, engine, mentionInterval(properties), new Random(), clock);
    }

    /** Every persona-minute, but never more often than every two real seconds at demo speeds. */
    static Duration mentionInterval(EngineProperties properties) {
        Duration atSpeed = Duration.ofMillis(Math.round(MENTIONS_MIN_REAL_INTERVAL.toMillis() * properties.speed()));
        return atSpeed.compareTo(MENTIONS_INTERVAL) > 0 ? atSpeed : MENTIONS_INTERVAL;
    }
}
