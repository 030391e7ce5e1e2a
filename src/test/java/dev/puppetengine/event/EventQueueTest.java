package dev.puppetengine.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.puppetengine.event.jdbc.JdbcEventStore;
import dev.puppetengine.persona.PersonaId;
import dev.puppetengine.shared.InvalidInputException;
import dev.puppetengine.shared.SettableClock;
import dev.puppetengine.shared.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The event queue on a real store (H2) with a settable clock: order, delays, retries, routing. */
class EventQueueTest {

    private static final PersonaId ADA = PersonaId.of("ada");
    private static final PersonaId BO = PersonaId.of("bo");

    private final SettableClock clock = new SettableClock(Instant.parse("2026-12-01T10:00:00Z"));
    private final EventStore store = new JdbcEventStore(JdbcClient.create(TestDatabase.inMemory()));
    private final Map<String, Instant> timers = new ConcurrentHashMap<>();
    private final EventTimer timer = timers::put;
    private final Events events = new Events(store, timer, clock);
    private final RecordingListener listener = new RecordingListener();

    private EventQueue queue(EventListener... listeners) {
        return new EventQueue(
                store, List.of(listeners), () -> List.of(ADA, BO), timer, 3, Duration.ofMinutes(1), clock);
    }

    /** A listener of every event type that does what {@code handler} does. */
    private static EventListener onEvery(BiConsumer<PersonaId, StoredEvent> handler) {
        return new EventListener() {
            @Override
            public boolean accepts(String type) {
                return true;
            }

            @Override
            public void handle(PersonaId target, StoredEvent event) {
                handler.accept(target, event);
            }
        };
    }

    private StoredEvent publish(String headline, Priority priority) {
        return events.publish(new PublishEvent(
                new Event.News(headline, "tests", null), priority, List.of(ADA), Duration.ZERO, "operator"));
    }

    @Nested
    class Order {

        @Test
        void runs_higher_priorities_first_and_first_in_first_out_within_one() {
            publish("low one", Priority.LOW);
            publish("normal one", Priority.NORMAL);
            publish("critical one", Priority.CRITICAL);
            publish("normal two", Priority.NORMAL);
            publish("high one", Priority.HIGH);
            publish("critical two", Priority.CRITICAL);

            assertThat(queue(listener).runDue()).isEqualTo(6);

            assertThat(listener.headlines())
                    .containsExactly("critical one", "critical two", "high one", "normal one", "normal two", "low one");
        }

        @Test
        void runs_a_backlog_longer_than_one_read_in_one_call_in_queue_order() {
            List<String> expected = new ArrayList<>();
            List<String> lows = new ArrayList<>();
            for (int i = 0; i < EventQueue.DUE_BATCH * 2 + 5; i++) {
                boolean high = i % 3 == 0;
                String headline = (high ? "high " : "low ") + i;
                publish(headline, high ? Priority.HIGH : Priority.LOW);
                (high ? expected : lows).add(headline);
            }
            expected.addAll(lows);

            assertThat(queue(listener).runDue()).isEqualTo(EventQueue.DUE_BATCH * 2 + 5);

            assertThat(listener.headlines()).containsExactlyElementsOf(expected);
        }

        @Test
        void a_call_while_another_runs_the_queue_returns_at_once_and_the_running_one_takes_its_events()
                throws Exception {
            StoredEvent first = publish("first", Priority.NORMAL);
            CountDownLatch inFirst = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            EventListener slow = onEvery((persona, event) -> {
                if (event.id().equals(first.id())) {
                    inFirst.countDown();
                    try {
                        release.await(10, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            });
            EventQueue queue = queue(listener, slow);
            CompletableFuture<Integer> running = CompletableFuture.supplyAsync(queue::runDue);
            assertThat(inFirst.await(10, TimeUnit.SECONDS)).isTrue();

            publish("second", Priority.NORMAL);
            assertThat(queue.runDue())
                    .as("returns at once while the queue runs")
                    .isZero();
            release.countDown();

            assertThat(running.get(10, TimeUnit.SECONDS)).isEqualTo(2);
            assertThat(listener.headlines()).containsExactly("first", "second");
        }

        @Test
        void does_not_run_an_event_handled_elsewhere_after_its_batch_was_read() {
            StoredEvent first = publish("first", Priority.HIGH);
            StoredEvent second = publish("second", Priority.NORMAL);
            EventListener handlesTheSecondElsewhere = onEvery((persona, event) -> {
                if (event.id().equals(first.id())) {
                    store.markHandled(second.id(), clock.instant(), "another node");
                }
            });

            queue(handlesTheSecondElsewhere, listener).runDue();

            assertThat(listener.headlines()).containsExactly("first");
        }

        @Test
        void marks_each_event_handled_with_its_time() {
            StoredEvent published = publish("it happened", Priority.NORMAL);

            queue(listener).runDue();

            StoredEvent handled = store.find(published.id()).orElseThrow();
            assertThat(handled.status()).isEqualTo(EventStatus.HANDLED);
            assertThat(handled.handledAt()).isEqualTo(clock.instant());
            assertThat(handled.reason()).isNull();
        }
    }

    @Nested
    class Stopping {

        @Test
        void a_stopped_queue_runs_nothing_until_resumed() {
            StoredEvent published = publish("after the stop", Priority.NORMAL);
            EventQueue queue = queue(listener);

            queue.stopRuns();
            assertThat(queue.runDue()).isZero();
            assertThat(store.find(published.id()).orElseThrow().status()).isEqualTo(EventStatus.PENDING);

            queue.resumeRuns();
            assertThat(queue.runDue()).isEqualTo(1);
            assertThat(listener.headlines()).containsExactly("after the stop");
        }

        @Test
        void a_run_stopped_mid_event_leaves_it_pending_and_the_next_handles_the_targets_left() {
            StoredEvent broadcast = events.publish(new PublishEvent(
                    new Event.News("to all", "tests", null), Priority.NORMAL, List.of(), Duration.ZERO, "operator"));
            List<PersonaId> handled = new ArrayList<>();
            EventQueue[] queue = new EventQueue[1];
            EventListener stopsAfterTheFirst = onEvery((persona, event) -> {
                if (handled.contains(persona)) {
                    return;
                }
                handled.add(persona);
                queue[0].stopRuns();
            });
            queue[0] = queue(stopsAfterTheFirst);

            queue[0].runDue();
            assertThat(handled).containsExactly(ADA);
            assertThat(store.find(broadcast.id()).orElseThrow().status()).isEqualTo(EventStatus.PENDING);

            queue[0].resumeRuns();
            queue[0].runDue();
            assertThat(handled).containsExactly(ADA, BO);
            assertThat(store.find(broadcast.id()).orElseThrow().status()).isEqualTo(EventStatus.HANDLED);
        }
    }

    @Nested
    class Delays {

        @Test
        void a_delayed_event_waits_for_its_persona_time_and_sets_its_timer() {
            StoredEvent delayed = events.publish(new PublishEvent(
                    new Event.News("later", "tests", null),
                    Priority.CRITICAL,
                    List.of(ADA),
                    Duration.ofSeconds(90),
                    "operator"));
            assertThat(timers).containsEntry(delayed.id(), clock.instant().plusSeconds(90));

            clock.advance(Duration.ofSeconds(89));
            assertThat(queue(listener).runDue()).isZero();
            assertThat(listener.handled).isEmpty();

            clock.advance(Duration.ofSeconds(1));
            assertThat(queue(listener).runDue()).isEqualTo(1);
            assertThat(listener.headlines()).containsExactly("later");
        }

        @Test
        void an_event_without_delay_is_due_at_once() {
            StoredEvent now = publish("now", Priority.NORMAL);

            assertThat(now.dueAt()).isEqualTo(clock.instant());
            assertThat(timers).containsEntry(now.id(), clock.instant());
        }
    }

    @Nested
    class Targets {

        @Test
        void an_event_without_targets_goes_to_every_active_persona() {
            events.publish(PublishEvent.now(new Event.News("for all", "tests", null), "operator"));

            queue(listener).runDue();

            assertThat(listener.targets()).containsExactly(ADA, BO);
        }

        @Test
        void an_interaction_prompt_without_targets_goes_to_its_initiator() {
            events.publish(PublishEvent.now(new Event.InteractionPrompt("bo", "ada", "tea"), "operator"));

            queue(listener).runDue();

            assertThat(listener.targets()).containsExactly(BO);
        }

        @Test
        void an_operator_defined_type_goes_to_its_listeners_only() {
            RecordingListener launches = new RecordingListener("launch");
            StoredEvent launch = events.publish(
                    PublishEvent.now(new Event.Custom("launch", Map.of("rocket", "saturn")), "operator"));

            queue(listener, launches).runDue();

            assertThat(listener.handled).isEmpty();
            assertThat(launches.handled).hasSize(2);
            assertThat(store.find(launch.id()).orElseThrow().event().data()).containsEntry("rocket", "saturn");
        }

        @Test
        void an_event_no_listener_takes_is_handled_and_says_so() {
            StoredEvent unheard = events.publish(PublishEvent.now(new Event.Custom("nobody", Map.of()), "operator"));

            queue(listener).runDue();

            StoredEvent stored = store.find(unheard.id()).orElseThrow();
            assertThat(stored.status()).isEqualTo(EventStatus.HANDLED);
            assertThat(stored.reason()).isEqualTo("no listener for type nobody");
        }
    }

    @Nested
    class Failures {

        @Test
        void a_failing_listener_is_retried_with_doubling_backoff_then_the_event_fails_with_the_reason() {
            FailingListener failing = new FailingListener(Set.of(ADA));
            StoredEvent event = publish("breaks", Priority.NORMAL);
            EventQueue queue = queue(failing);

            queue.runDue();
            StoredEvent first = store.find(event.id()).orElseThrow();
            assertThat(first.status()).isEqualTo(EventStatus.PENDING);
            assertThat(first.attempts()).isEqualTo(1);
            assertThat(first.dueAt()).isEqualTo(clock.instant().plus(Duration.ofMinutes(1)));
            assertThat(first.reason()).contains("ada: the model is on fire");
            assertThat(timers).containsEntry(event.id(), first.dueAt());

            clock.advance(Duration.ofSeconds(59));
            assertThat(queue.runDue()).isZero();
            clock.advance(Duration.ofSeconds(1));
            queue.runDue();
            StoredEvent second = store.find(event.id()).orElseThrow();
            assertThat(second.attempts()).isEqualTo(2);
            assertThat(second.dueAt()).isEqualTo(clock.instant().plus(Duration.ofMinutes(2)));

            clock.advance(Duration.ofMinutes(2));
            queue.runDue();
            StoredEvent failed = store.find(event.id()).orElseThrow();
            assertThat(failed.status()).isEqualTo(EventStatus.FAILED);
            assertThat(failed.attempts()).isEqualTo(3);
            assertThat(failed.reason()).isEqualTo("ada: the model is on fire");
            assertThat(failed.handledAt()).isEqualTo(clock.instant());
        }

        @Test
        void one_failing_target_or_event_never_stops_the_others() {
            FailingListener failing = new FailingListener(Set.of(ADA));
            StoredEvent broken = publish("breaks for ada", Priority.CRITICAL);
            StoredEvent fine = events.publish(new PublishEvent(
                    new Event.News("fine for bo", "tests", null),
                    Priority.LOW,
                    List.of(BO),
                    Duration.ZERO,
                    "operator"));

            queue(failing).runDue();

            assertThat(failing.succeeded).containsExactly(BO);
            assertThat(store.find(broken.id()).orElseThrow().status()).isEqualTo(EventStatus.PENDING);
            assertThat(store.find(fine.id()).orElseThrow().status()).isEqualTo(EventStatus.HANDLED);
        }

        @Test
        void backoff_doubles_up_to_an_hour() {
            EventQueue queue = queue(listener);

            assertThat(queue.backoff(1)).isEqualTo(Duration.ofMinutes(1));
            assertThat(queue.backoff(2)).isEqualTo(Duration.ofMinutes(2));
            assertThat(queue.backoff(4)).isEqualTo(Duration.ofMinutes(8));
            assertThat(queue.backoff(30)).isEqualTo(EventQueue.MAX_BACKOFF);
        }
    }

    @Nested
    class Wire_form {

        @Test
        void reads_built_in_types_in_snake_or_camel_case() {
            Map<String, @Nullable Object> snake = Map.of("name", "joy", "valence_shift", 0.3, "arousal_shift", 0.1);
            Map<String, @Nullable Object> camel = Map.of("name", "joy", "valenceShift", 0.3, "arousalShift", 0.1);

            assertThat(Event.of("mood_shift", snake)).isEqualTo(new Event.MoodShift("joy", 0.3, 0.1, 0));
            assertThat(Event.of("mood_shift", camel)).isEqualTo(new Event.MoodShift("joy", 0.3, 0.1, 0));
        }

        @Test
        void names_the_bad_field() {
            assertThatThrownBy(() -> Event.of("news", Map.of("topic", "x")))
                    .isInstanceOfSatisfying(
                            InvalidInputException.class,
                            e -> assertThat(e.field()).isEqualTo("/data/headline"));
            assertThatThrownBy(() -> Event.of("mood_shift", Map.of("name", "x", "valence_shift", "lots")))
                    .isInstanceOfSatisfying(
                            InvalidInputException.class,
                            e -> assertThat(e.field()).isEqualTo("/data/valence_shift"));
            assertThatThrownBy(() -> Event.of("Bad Type!", Map.of()))
                    .isInstanceOfSatisfying(
                            InvalidInputException.class,
                            e -> assertThat(e.field()).isEqualTo("/type"));
        }
    }

    /** Records what it handled, in order. */
    static final class RecordingListener implements EventListener {

        private final @Nullable String type;
        final List<StoredEvent> handled = new ArrayList<>();
        private final List<PersonaId> targets = new ArrayList<>();

        RecordingListener() {
            this(null);
        }

        RecordingListener(@Nullable String type) {
            this.type = type;
        }

        @Override
        public boolean accepts(String eventType) {
            return type == null ? !(eventType.equals("launch") || eventType.equals("nobody")) : type.equals(eventType);
        }

        @Override
        public void handle(PersonaId target, StoredEvent event) {
            handled.add(event);
            targets.add(target);
        }

        List<String> headlines() {
            return handled.stream()
                    .map(e -> ((Event.News) e.event()).headline())
                    .toList();
        }

        List<PersonaId> targets() {
            return targets;
        }
    }

    /** Fails for some targets, every time. */
    static final class FailingListener implements EventListener {

        private final Set<PersonaId> failFor;
        final Set<PersonaId> succeeded = new HashSet<>();

        FailingListener(Set<PersonaId> failFor) {
            this.failFor = failFor;
        }

        @Override
        public boolean accepts(String type) {
            return true;
        }

        @Override
        public void handle(PersonaId target, StoredEvent event) {
            if (failFor.contains(target)) {
                throw new IllegalStateException("the model is on fire");
            }
            succeeded.add(target);
        }
    }
}
