package dev.puppetengine.agent.scheduling;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.kagkarlsson.scheduler.ScheduledExecution;
import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.task.TaskDescriptor;
import dev.puppetengine.agent.Engine;
import dev.puppetengine.agent.EngineFixture;
import dev.puppetengine.agent.PersonaState;
import dev.puppetengine.bench.EngineBench;
import dev.puppetengine.persona.PersonaId;
import dev.puppetengine.shared.SettableClock;
import dev.puppetengine.shared.TestDatabase;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How start schedules a large cast (the scheduler's client on H2, the scheduler not running): the existing instances
 * read at once, the missing ones added in batches, the first posts spread over the cast's posting pace.
 */
class PersonaSchedulesTest {

    private static final Duration MENTION_INTERVAL = Duration.ofMinutes(1);
    private static final int PERSONAS = 400;

    @TempDir
    Path dir;

    private final SettableClock clock = new SettableClock(Instant.parse("2026-12-02T08:00:00Z"));

    private record Started(EngineFixture fixture, Engine engine, Scheduler scheduler, PersonaSchedules schedules) {

        List<ScheduledExecution<Void>> instances(TaskDescriptor<Void> task) {
            return scheduler.getScheduledExecutionsForTask(task.getTaskName(), Void.class);
        }
    }

    private Started start(EngineFixture fixture) {
        return start(fixture, MENTION_INTERVAL);
    }

    private Started start(EngineFixture fixture, Duration firstChecksAtStart) {
        Engine engine = fixture.start();
        engine.ensureStates();
        Scheduler scheduler = PersonaTaskSchedulers.builder(fixture, engine, MENTION_INTERVAL, clock)
                .build();
        PersonaSchedules schedules = new PersonaSchedules(
                scheduler,
                engine,
                MENTION_INTERVAL,
                firstChecksAtStart,
                new Random(5),
                clock,
                false,
                org.springframework.transaction.support.TransactionOperations.withoutTransaction());
        schedules.start();
        schedules.stop();
        return new Started(fixture, engine, scheduler, schedules);
    }

    private EngineFixture largeCast() throws IOException {
        Path agents = EngineBench.writeCast(dir.resolve("agents"), PERSONAS, 20261202L, 1, 2);
        return new EngineFixture(clock, TestDatabase.inMemory(), agents);
    }

    @Test
    void spreads_the_first_posts_of_a_large_cast_over_its_posting_pace() throws IOException {
        Started started = start(largeCast());
        // 400 personas posting every 1-2 h post 0.07 times a second: slower than one a second, so 400 s.
        Instant from = clock.instant().plus(Duration.ofMinutes(1));
        Instant until = from.plus(Duration.ofSeconds(PERSONAS));

        List<Instant> firsts = started.instances(PersonaTasks.POST_DUE).stream()
                .map(ScheduledExecution::getExecutionTime)
                .toList();

        assertThat(firsts).hasSize(PERSONAS).allSatisfy(at -> assertThat(at).isBetween(from, until));
        assertThat(firsts.stream().filter(at -> at.isAfter(from.plus(Duration.ofMinutes(4)))))
                .hasSizeGreaterThan(PERSONAS / 5);
        assertThat(started.instances(PersonaTasks.MENTIONS)).hasSize(PERSONAS);
        assertThat(started.fixture().states().listAll())
                .allSatisfy(state -> assertThat(state.nextPostAt()).isBetween(from, until));
    }

    @Test
    void a_restart_adds_only_the_missing_instances_and_a_few_first_posts_keep_one_to_five_minutes() throws IOException {
        EngineFixture fixture = largeCast();
        Started first = start(fixture);
        List<ScheduledExecution<Void>> before = first.instances(PersonaTasks.POST_DUE);
        PersonaId lost = PersonaId.of(before.get(7).getTaskInstance().getId());
        PersonaId lostMentions = PersonaId.of(before.get(8).getTaskInstance().getId());
        first.scheduler().cancel(PersonaTasks.POST_DUE.instanceId(lost.value()));
        first.scheduler().cancel(PersonaTasks.MENTIONS.instanceId(lostMentions.value()));
        clock.advance(Duration.ofHours(1));

        Started again = start(fixture);

        List<ScheduledExecution<Void>> after = again.instances(PersonaTasks.POST_DUE);
        assertThat(after).hasSize(PERSONAS);
        assertThat(after)
                .filteredOn(e -> !e.getTaskInstance().getId().equals(lost.value()))
                .extracting(ScheduledExecution::getExecutionTime)
                .containsExactlyInAnyOrderElementsOf(before.stream()
                        .filter(e -> !e.getTaskInstance().getId().equals(lost.value()))
                        .map(ScheduledExecution::getExecutionTime)
                        .toList());
        assertThat(after)
                .filteredOn(e -> e.getTaskInstance().getId().equals(lost.value()))
                .singleElement()
                .satisfies(e -> assertThat(e.getExecutionTime())
                        .isBetween(
                                clock.instant().plus(Duration.ofMinutes(1)),
                                clock.instant().plus(Duration.ofMinutes(5))));
        assertThat(again.instances(PersonaTasks.MENTIONS))
                .hasSize(PERSONAS)
                .filteredOn(e -> e.getTaskInstance().getId().equals(lostMentions.value()))
                .singleElement()
                .satisfies(e -> assertThat(e.getExecutionTime()).isAfterOrEqualTo(clock.instant()));
        assertThat(fixture.states().require(lost))
                .extracting(PersonaState::nextPostAt)
                .isEqualTo(after.stream()
                        .filter(e -> e.getTaskInstance().getId().equals(lost.value()))
                        .findFirst()
                        .orElseThrow()
                        .getExecutionTime());
    }

    @Test
    void first_mention_checks_at_start_spread_over_their_window_and_a_persona_added_later_checks_within_one_interval()
            throws IOException {
        Duration covered = Duration.ofHours(6);
        Started started = start(largeCast(), covered);
        Instant now = clock.instant();

        List<Instant> checks = started.instances(PersonaTasks.MENTIONS).stream()
                .map(ScheduledExecution::getExecutionTime)
                .toList();

        assertThat(checks).hasSize(PERSONAS).allSatisfy(at -> assertThat(at).isBetween(now, now.plus(covered)));
        assertThat(checks.stream().filter(at -> at.isAfter(now.plus(Duration.ofHours(3)))))
                .as("the second half of the window")
                .hasSizeBetween(PERSONAS / 3, PERSONAS * 2 / 3);

        PersonaId later = PersonaId.of(started.instances(PersonaTasks.MENTIONS)
                .getFirst()
                .getTaskInstance()
                .getId());
        started.schedules().unschedule(later);
        assertThat(started.schedules().ensureScheduled(later)).isTrue();
        assertThat(started.scheduler().getScheduledExecution(PersonaTasks.MENTIONS.instanceId(later.value())))
                .hasValueSatisfying(e -> assertThat(e.getExecutionTime()).isBetween(now, now.plus(MENTION_INTERVAL)));
    }
}
