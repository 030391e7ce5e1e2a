package dev.puppetengine.event.scheduling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.kagkarlsson.scheduler.ScheduledExecution;
import com.github.kagkarlsson.scheduler.Scheduler;
import dev.puppetengine.agent.Engine;
import dev.puppetengine.agent.EngineFixture;
import dev.puppetengine.agent.PersonaActivationChanged;
import dev.puppetengine.persona.PersonaId;
import dev.puppetengine.shared.SettableClock;
import dev.puppetengine.shared.TestDatabase;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The post-due tasks on a real db-scheduler and an H2 file database, driven by a settable clock. */
class PostSchedulesIT {

    @TempDir
    Path dataDir;

    private final SettableClock clock = new SettableClock(Instant.parse("2026-11-25T08:00:00Z"));
    private EngineFixture fixture;
    private final List<PostSchedules> started = new ArrayList<>();
    private final List<Scheduler> schedulers = new ArrayList<>();

    @BeforeEach
    void openDatabase() {
        fixture = new EngineFixture(clock, TestDatabase.inDirectory(dataDir));
    }

    /** Starts an engine and its scheduler on the database, as the application does on start. */
    private PostSchedules start() {
        Engine engine = fixture.start();
        Scheduler scheduler = Scheduler.create(fixture.database, EngineTasks.postDue(engine))
                .clock(clock::instant)
                .pollingInterval(Duration.ofMillis(50))
                .threads(4)
                .build();
        PostSchedules schedules = new PostSchedules(scheduler, engine);
        schedules.start();
        started.add(schedules);
        schedulers.add(scheduler);
        return schedules;
    }

    @AfterEach
    void stopAll() {
        started.stream().filter(PostSchedules::isRunning).forEach(PostSchedules::stop);
    }

    private List<ScheduledExecution<Void>> postDueExecutions() {
        return schedulers.getLast().getScheduledExecutionsForTask(EngineTasks.POST_DUE.getTaskName(), Void.class);
    }

    /** Executions not being run right now (a running one is picked and not listed). */
    private List<ScheduledExecution<Void>> waitingExecutions() {
        return postDueExecutions();
    }

    private int postsOf(PersonaId persona) {
        return fixture.postsOf(persona).size();
    }

    @Test
    void gives_every_active_persona_one_task_with_its_own_due_time() {
        start();

        List<ScheduledExecution<Void>> executions = postDueExecutions();

        assertThat(executions)
                .extracting(e -> e.getTaskInstance().getId())
                .containsExactlyInAnyOrderElementsOf(
                        fixture.cast().stream().map(PersonaId::value).toList());
        assertThat(executions).extracting(ScheduledExecution::getExecutionTime).doesNotHaveDuplicates();
    }

    @Test
    void posts_once_per_persona_after_downtime_and_keeps_the_schedule_going() {
        start();
        clock.advance(Duration.ofMinutes(6));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> fixture.cast().stream().allMatch(p -> postsOf(p) == 1));
        started.getLast().stop();

        clock.advance(Duration.ofDays(3));
        start();

        await().atMost(Duration.ofSeconds(30))
                .until(() -> fixture.cast().stream().allMatch(p -> postsOf(p) >= 2)
                        && waitingExecutions().size() == fixture.cast().size()
                        && waitingExecutions().stream()
                                .allMatch(e -> e.getExecutionTime().isAfter(clock.instant())));
        assertThat(fixture.cast()).allSatisfy(p -> assertThat(postsOf(p)).isEqualTo(2));
        assertThat(postDueExecutions()).hasSize(fixture.cast().size());
    }

    @Test
    void pausing_removes_the_persona_task_and_resuming_brings_it_back() {
        PostSchedules schedules = start();
        PersonaId juniper = PersonaId.of("juniper");

        fixture.states().updateActive(juniper, false);
        schedules.onActivationChanged(new PersonaActivationChanged(juniper, false));
        assertThat(postDueExecutions())
                .extracting(e -> e.getTaskInstance().getId())
                .doesNotContain("juniper");

        clock.advance(Duration.ofHours(1));
        fixture.states().updateActive(juniper, true);
        schedules.onActivationChanged(new PersonaActivationChanged(juniper, true));
        assertThat(postDueExecutions())
                .filteredOn(e -> e.getTaskInstance().getId().equals("juniper"))
                .singleElement()
                .satisfies(e -> assertThat(e.getExecutionTime()).isAfter(clock.instant()));
    }
}
