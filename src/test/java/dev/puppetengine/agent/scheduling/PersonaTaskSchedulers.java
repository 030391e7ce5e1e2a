package dev.puppetengine.agent.scheduling;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerBuilder;
import dev.puppetengine.agent.Engine;
import dev.puppetengine.agent.EngineFixture;
import dev.puppetengine.shared.SettableClock;
import java.time.Duration;
import java.util.List;

/** A db-scheduler on the fixture's database with the two persona tasks, as the application wires them. */
final class PersonaTaskSchedulers {

    private PersonaTaskSchedulers() {}

    /** The scheduler's builder: {@code post-due} and {@code mentions} (every {@code mentionInterval}), on {@code clock}. */
    static SchedulerBuilder builder(
            EngineFixture fixture, Engine engine, Duration mentionInterval, SettableClock clock) {
        return Scheduler.create(
                        fixture.database,
                        PersonaTasks.postDue(engine),
                        PersonaTasks.mentions(
                                engine,
                                new MentionCadence(
                                        mentionInterval,
                                        mentionInterval,
                                        Duration.ZERO,
                                        0,
                                        firstDay -> List.of(),
                                        clock),
                                clock))
                .clock(clock::instant);
    }
}
