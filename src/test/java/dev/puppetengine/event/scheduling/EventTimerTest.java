package dev.puppetengine.event.scheduling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.kagkarlsson.scheduler.SchedulerClient;
import dev.puppetengine.event.EventTimer;
import dev.puppetengine.shared.SettableClock;
import dev.puppetengine.shared.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** The event timer (EventTasks.timer) and the runs of events due now (DueNowRuns). */
class EventTimerTest {

    private static final Instant NOW = Instant.parse("2026-12-02T12:00:00Z");

    @Nested
    class Timer {

        private final DataSource database = TestDatabase.inMemory();
        private final SettableClock clock = new SettableClock(NOW);
        private final AtomicInteger runs = new AtomicInteger();
        private final EventTimer timer = EventTasks.timer(
                new StaticListableBeanFactory(Map.of(
                                "scheduler",
                                SchedulerClient.Builder.create(database).build()))
                        .getBeanProvider(SchedulerClient.class),
                clock,
                runs::incrementAndGet);
        private final TransactionTemplate transactions =
                new TransactionTemplate(new DataSourceTransactionManager(database));

        @Test
        void an_event_due_later_gets_a_durable_timer_and_no_run_now() {
            timer.fireAt("later", NOW.plusSeconds(90));

            assertThat(timers()).containsExactly("later");
            assertThat(runs).hasValue(0);
        }

        @Test
        void an_event_due_now_runs_at_once_without_a_timer() {
            timer.fireAt("now", NOW);
            timer.fireAt("overdue", NOW.minusSeconds(5));

            assertThat(runs).hasValue(2);
            assertThat(timers()).isEmpty();
        }

        @Test
        void an_event_due_now_stored_in_a_transaction_runs_once_it_commits() {
            transactions.executeWithoutResult(status -> {
                timer.fireAt("now", NOW);
                assertThat(runs).as("not before the event is committed").hasValue(0);
            });

            assertThat(runs).hasValue(1);
            assertThat(timers()).isEmpty();
        }

        @Test
        void an_event_due_now_whose_transaction_rolls_back_does_not_run() {
            transactions.executeWithoutResult(status -> {
                timer.fireAt("now", NOW);
                status.setRollbackOnly();
            });

            assertThat(runs).hasValue(0);
        }

        private List<String> timers() {
            return JdbcClient.create(database)
                    .sql("SELECT task_instance FROM scheduled_tasks WHERE task_name = 'event-due'")
                    .query((row, number) -> row.getString(1))
                    .list();
        }
    }

    @Nested
    class Runs {

        private final AtomicInteger runs = new AtomicInteger();

        @Test
        void nothing_runs_before_start_or_after_stop() {
            DueNowRuns dueNow = new DueNowRuns(runs::incrementAndGet, () -> {}, () -> {}, Duration.ofSeconds(5));
            dueNow.request();

            dueNow.start();
            dueNow.stop();
            dueNow.request();

            assertThat(runs).hasValue(0);
            assertThat(dueNow.isRunning()).isFalse();
        }

        @Test
        void stopping_stops_the_queue_runs_and_starting_resumes_them() {
            List<String> calls = new CopyOnWriteArrayList<>();
            DueNowRuns dueNow =
                    new DueNowRuns(() -> {}, () -> calls.add("stop"), () -> calls.add("resume"), Duration.ofSeconds(5));

            dueNow.start();
            dueNow.stop();

            assertThat(calls).containsExactly("resume", "stop");
        }

        @Test
        void a_request_runs_the_queue_on_the_event_thread() {
            List<String> threads = new CopyOnWriteArrayList<>();
            DueNowRuns dueNow = new DueNowRuns(
                    () -> threads.add(Thread.currentThread().getName()), () -> {}, () -> {}, Duration.ofSeconds(5));
            dueNow.start();
            try {
                dueNow.request();
                await().atMost(Duration.ofSeconds(10)).until(() -> threads.size() == 1);
            } finally {
                dueNow.stop();
            }

            assertThat(threads).containsExactly("event-queue");
        }

        @Test
        void requests_while_one_waits_fold_into_it_and_one_during_a_run_queues_the_next() throws InterruptedException {
            CountDownLatch started = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            DueNowRuns dueNow = new DueNowRuns(
                    () -> {
                        if (runs.incrementAndGet() == 1) {
                            started.countDown();
                            awaitQuietly(release);
                        }
                    },
                    () -> {},
                    () -> {},
                    Duration.ofSeconds(5));
            dueNow.start();
            try {
                dueNow.request();
                assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
                // the first run is under way: these three queue one more run, not three
                dueNow.request();
                dueNow.request();
                dueNow.request();
                release.countDown();
                await().atMost(Duration.ofSeconds(10)).until(() -> runs.get() == 2);
            } finally {
                dueNow.stop();
            }

            assertThat(runs).hasValue(2);
        }

        @Test
        void a_failing_run_leaves_the_thread_running_for_the_next() {
            DueNowRuns dueNow = new DueNowRuns(
                    () -> {
                        if (runs.incrementAndGet() == 1) {
                            throw new IllegalStateException("database gone");
                        }
                    },
                    () -> {},
                    () -> {},
                    Duration.ofSeconds(5));
            dueNow.start();
            try {
                dueNow.request();
                await().atMost(Duration.ofSeconds(10)).until(() -> runs.get() == 1);
                await().atMost(Duration.ofSeconds(10)).until(() -> {
                    dueNow.request();
                    return runs.get() >= 2;
                });
            } finally {
                dueNow.stop();
            }
        }

        private static void awaitQuietly(CountDownLatch latch) {
            try {
                latch.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
