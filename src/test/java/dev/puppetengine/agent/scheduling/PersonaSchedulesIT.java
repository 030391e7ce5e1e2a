package dev.puppetengine.agent.scheduling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.kagkarlsson.scheduler.ScheduledExecution;
import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.task.TaskDescriptor;
import dev.puppetengine.agent.Engine;
import dev.puppetengine.agent.EngineFixture;
import dev.puppetengine.agent.PersonaActivationChanged;
import dev.puppetengine.persona.PersonaId;
import dev.puppetengine.shared.SettableClock;
import dev.puppetengine.shared.TestDatabase;
import dev.puppetengine.social.Account;
import dev.puppetengine.social.Post;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The persona tasks on a real db-scheduler and an H2 file database, driven by a settable clock. */
class PersonaSchedulesIT {

    private static final Duration MENTION_INTERVAL = Duration.ofMinutes(1);

    @TempDir
    Path dataDir;

    private final SettableClock clock = new SettableClock(Instant.parse("2026-11-25T08:00:00Z"));
    private EngineFixture fixture;
    private final List<PersonaSchedules> started = new ArrayList<>();
    private final List<Scheduler> schedulers = new ArrayList<>();

    @BeforeEach
    void openDatabase() {
        fixture = new EngineFixture(clock, TestDatabase.inDirectory(dataDir));
    }

    /** Starts an engine, its schedules and the scheduler on the database, as the application does on start. */
    private PersonaSchedules start() {
        Engine engine = fixture.start();
        engine.ensureStates();
        Scheduler scheduler = PersonaTaskSchedulers.builder(fixture, engine, MENTION_INTERVAL, clock)
                .pollingInterval(Duration.ofMillis(50))
                .threads(4)
                .build();
        PersonaSchedules schedules = new PersonaSchedules(scheduler, engine, MENTION_INTERVAL, new Random(3), clock);
        schedules.start();
        scheduler.start();
        started.add(schedules);
        schedulers.add(scheduler);
        return schedules;
    }

    @AfterEach
    void stopAll() {
        schedulers.forEach(Scheduler::stop);
        started.stream().filter(PersonaSchedules::isRunning).forEach(PersonaSchedules::stop);
    }

    private void stopLast() {
        schedulers.getLast().stop();
        started.getLast().stop();
    }

    /** Executions not being run right now (a running one is picked and not listed). */
    private List<ScheduledExecution<Void>> waiting(TaskDescriptor<Void> task) {
        return schedulers.getLast().getScheduledExecutionsForTask(task.getTaskName(), Void.class);
    }

    private List<String> instanceIds(TaskDescriptor<Void> task) {
        return waiting(task).stream().map(e -> e.getTaskInstance().getId()).toList();
    }

    private List<String> castIds() {
        return fixture.cast().stream().map(PersonaId::value).toList();
    }

    /**
     * Waits for the condition, nudging the clock by a millisecond per look: db-scheduler's poll waits until the clock
     * has moved on by the polling interval, and a settable clock never moves by itself.
     */
    private void awaitWhileTimePasses(Callable<Boolean> condition) {
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            clock.advance(Duration.ofMillis(1));
            return condition.call();
        });
    }

    private int postsOf(PersonaId persona) {
        return fixture.postsOf(persona).size();
    }

    @Nested
    class Post_due {

        @Test
        void gives_every_active_persona_one_task_with_its_own_due_time() {
            start();

            assertThat(instanceIds(PersonaTasks.POST_DUE)).containsExactlyInAnyOrderElementsOf(castIds());
            assertThat(waiting(PersonaTasks.POST_DUE))
                    .extracting(ScheduledExecution::getExecutionTime)
                    .doesNotHaveDuplicates();
        }

        @Test
        void posts_once_per_persona_after_downtime_and_keeps_the_schedule_going() {
            start();
            clock.advance(Duration.ofMinutes(6));
            awaitWhileTimePasses(() -> fixture.cast().stream().allMatch(p -> postsOf(p) == 1));
            stopLast();

            clock.advance(Duration.ofDays(3));
            start();

            awaitWhileTimePasses(() -> fixture.cast().stream().allMatch(p -> postsOf(p) >= 2)
                    && waiting(PersonaTasks.POST_DUE).size() == fixture.cast().size()
                    && waiting(PersonaTasks.POST_DUE).stream()
                            .allMatch(e -> e.getExecutionTime().isAfter(clock.instant())));
            assertThat(fixture.cast()).allSatisfy(p -> assertThat(postsOf(p)).isEqualTo(2));
        }
    }

    @Nested
    class Mentions {

        @Test
        void every_active_persona_has_its_own_task_due_within_one_interval() {
            start();

            assertThat(instanceIds(PersonaTasks.MENTIONS)).containsExactlyInAnyOrderElementsOf(castIds());
            assertThat(waiting(PersonaTasks.MENTIONS))
                    .allSatisfy(e -> assertThat(e.getExecutionTime())
                            .isBetween(clock.instant(), clock.instant().plus(MENTION_INTERVAL)));
        }

        @Test
        void are_answered_by_the_persona_task_which_then_waits_one_interval() {
            start();
            PersonaId juniper = PersonaId.of("juniper");
            Post mention = fixture.network.publish(
                    new Account("7", "operator", "Operator"), "@juniper what are you reading?", null);

            clock.advance(MENTION_INTERVAL);
            awaitWhileTimePasses(() ->
                    fixture.postsOf(juniper).stream().anyMatch(p -> mention.id().equals(p.inReplyToId()))
                            && waiting(PersonaTasks.MENTIONS).stream()
                                    .filter(e -> e.getTaskInstance().getId().equals("juniper"))
                                    .anyMatch(e -> e.getExecutionTime().isAfter(clock.instant())));
            assertThat(fixture.postsOf(juniper))
                    .filteredOn(p -> mention.id().equals(p.inReplyToId()))
                    .hasSize(1);
        }

        @Test
        void the_cast_wide_task_of_an_older_version_is_removed_on_start() {
            OffsetDateTime due = clock.instant().atOffset(ZoneOffset.UTC);
            JdbcClient.create(fixture.database)
                    .sql("INSERT INTO scheduled_tasks (task_name, task_instance, execution_time, picked, version)"
                            + " VALUES ('mentions', 'recurring', ?, FALSE, 1)")
                    .param(due)
                    .update();

            start();

            assertThat(instanceIds(PersonaTasks.MENTIONS))
                    .doesNotContain("recurring")
                    .containsExactlyInAnyOrderElementsOf(castIds());
        }
    }

    @Test
    void pausing_removes_both_persona_tasks_and_resuming_brings_them_back() {
        PersonaSchedules schedules = start();
        PersonaId juniper = PersonaId.of("juniper");

        fixture.states().updateActive(juniper, false);
        schedules.onActivationChanged(new PersonaActivationChanged(juniper, false));
        assertThat(instanceIds(PersonaTasks.POST_DUE)).doesNotContain("juniper");
        assertThat(instanceIds(PersonaTasks.MENTIONS)).doesNotContain("juniper");

        clock.advance(Duration.ofHours(1));
        fixture.states().updateActive(juniper, true);
        schedules.onActivationChanged(new PersonaActivationChanged(juniper, true));
        assertThat(waiting(PersonaTasks.POST_DUE))
                .filteredOn(e -> e.getTaskInstance().getId().equals("juniper"))
                .singleElement()
                .satisfies(e -> assertThat(e.getExecutionTime()).isAfter(clock.instant()));
        assertThat(instanceIds(PersonaTasks.MENTIONS)).contains("juniper");
    }
}
