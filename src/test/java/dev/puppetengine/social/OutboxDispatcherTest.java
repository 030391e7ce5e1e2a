package dev.puppetengine.social;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.puppetengine.persona.PersonaId;
import dev.puppetengine.shared.ExternalServiceException;
import dev.puppetengine.shared.SettableClock;
import dev.puppetengine.shared.TestDatabase;
import dev.puppetengine.social.jdbc.JdbcOutbox;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.simple.JdbcClient;

class OutboxDispatcherTest {

    private static final PersonaId ADA = PersonaId.of("ada");
    private static final Account ADA_ACCOUNT = new Account("11", "ada", "Ada");
    private static final Duration IN_FLIGHT = Duration.ofSeconds(40);

    private final SettableClock clock = new SettableClock(Instant.parse("2026-11-25T08:00:00Z"));
    private final DataSource database = TestDatabase.inMemory();
    private final Outbox outbox = new JdbcOutbox(JdbcClient.create(database), clock);
    private final FakeNetwork network = new FakeNetwork(clock);
    private final SocialNetwork ada = network.as(ADA_ACCOUNT);
    private final OutboxDispatcher dispatcher = new OutboxDispatcher(outbox, clock, IN_FLIGHT);

    private OutboxItem enqueue(String key, String text) {
        return outbox.enqueue(OutboxItem.Draft.post(ADA, key, text));
    }

    private OutboxItem stored(OutboxItem item) {
        return outbox.find(item.id()).orElseThrow();
    }

    /** Moves the clock to the item's next attempt. */
    private OutboxItem waitFor(OutboxItem item) {
        clock.set(dispatcher.dueAt(item));
        return stored(item);
    }

    @Nested
    class Sending {

        @Test
        void posts_a_pending_item_and_records_the_network_id() {
            OutboxItem item = enqueue("post:ada:1", "tea is a mood");

            OutboxItem delivered = dispatcher.deliver(item, ada);

            assertThat(network.posts()).singleElement().satisfies(post -> {
                assertThat(post.text()).isEqualTo("tea is a mood");
                assertThat(delivered.remoteId()).isEqualTo(post.id());
            });
            assertThat(delivered.status()).isEqualTo(OutboxStatus.POSTED);
            assertThat(delivered.attempts()).isEqualTo(1);
        }

        @Test
        void the_mark_and_the_callers_record_commit_together_and_a_failed_record_leaves_it_to_the_lookup() {
            OutboxDispatcher together = new OutboxDispatcher(
                    outbox,
                    clock,
                    IN_FLIGHT,
                    new org.springframework.transaction.support.TransactionTemplate(
                            new org.springframework.jdbc.datasource.DataSourceTransactionManager(database)));
            OutboxItem item = enqueue("post:ada:1", "tea is a mood");
            java.util.List<OutboxItem> recorded = new java.util.ArrayList<>();

            assertThatThrownBy(() -> together.deliver(item, ada, posted -> {
                        recorded.add(posted);
                        throw new IllegalStateException("the record failed");
                    }))
                    .hasMessage("the record failed");

            assertThat(recorded).singleElement().extracting(OutboxItem::status).isEqualTo(OutboxStatus.POSTED);
            assertThat(stored(item).status())
                    .as("the mark rolled back with the record")
                    .isEqualTo(OutboxStatus.DISPATCHING);
            OutboxItem reconciled = together.deliver(waitFor(stored(item)), ada, recorded::add);
            assertThat(network.posts()).as("looked up, not sent again").hasSize(1);
            assertThat(reconciled.status()).isEqualTo(OutboxStatus.POSTED);
            assertThat(reconciled.remoteId())
                    .isEqualTo(network.posts().getFirst().id());
            assertThat(recorded).hasSize(2).last().isEqualTo(reconciled);
        }

        @Test
        void stores_one_item_per_idempotency_key() {
            OutboxItem first = enqueue("post:ada:1", "tea is a mood");
            OutboxItem second = enqueue("post:ada:1", "a different draft for the same slot");

            assertThat(second).isEqualTo(first);
            assertThat(outbox.list(ADA, null, 10)).hasSize(1);
        }

        @Test
        void does_not_send_an_item_that_is_already_posted() {
            OutboxItem posted = dispatcher.deliver(enqueue("post:ada:1", "tea is a mood"), ada);

            dispatcher.deliver(posted, ada);

            assertThat(network.posts()).hasSize(1);
        }

        @Test
        void marks_an_item_failed_when_the_network_refuses_it() {
            network.failNextPost(new ExternalServiceException.ContentRejected("x", "duplicate content", null));

            OutboxItem failed = dispatcher.deliver(enqueue("post:ada:1", "tea"), ada);

            assertThat(failed.status()).isEqualTo(OutboxStatus.FAILED);
            assertThat(outbox.list(ADA, OutboxStatus.FAILED, 10)).hasSize(1);
            assertThat(network.posts()).isEmpty();
        }
    }

    @Nested
    class When_rate_limited {

        @Test
        void waits_for_the_reset_before_the_next_attempt_then_posts() {
            network.failNextPost(
                    new ExternalServiceException.RateLimited("x", "429 until reset", Duration.ofMinutes(15)));

            OutboxItem retried = dispatcher.deliver(enqueue("post:ada:1", "tea is a mood"), ada);
            assertThat(retried.status()).isEqualTo(OutboxStatus.PENDING);
            assertThat(retried.reason()).contains("429");
            assertThat(retried.nextAttemptAt()).isEqualTo(clock.instant().plus(Duration.ofMinutes(15)));

            clock.advance(Duration.ofMinutes(14));
            assertThat(dispatcher.deliver(retried, ada)).isEqualTo(retried);
            assertThat(network.posts()).isEmpty();

            OutboxItem delivered = dispatcher.deliver(waitFor(retried), ada);
            assertThat(delivered.status()).isEqualTo(OutboxStatus.POSTED);
            assertThat(delivered.attempts()).isEqualTo(2);
            assertThat(network.posts()).hasSize(1);
        }

        @Test
        void backs_off_when_no_reset_is_known() {
            network.failNextPost(new ExternalServiceException.RateLimited("x", "429", null));

            OutboxItem retried = dispatcher.deliver(enqueue("post:ada:1", "tea is a mood"), ada);

            assertThat(retried.nextAttemptAt()).isEqualTo(clock.instant().plus(Duration.ofMinutes(1)));
        }
    }

    @Nested
    class Without_an_answer {

        static Stream<ExternalServiceException> lostAnswers() {
            return Stream.of(
                    new ExternalServiceException.TimedOut("x", "read timed out", null),
                    new ExternalServiceException.Unavailable("x", "connection reset", null));
        }

        @ParameterizedTest
        @MethodSource("lostAnswers")
        void does_not_resend_a_post_the_network_accepted_when_its_answer_was_lost(ExternalServiceException lost) {
            network.loseAnswerToNextPost(lost);

            OutboxItem unanswered = dispatcher.deliver(enqueue("post:ada:1", "tea is a mood"), ada);
            assertThat(unanswered.status()).isEqualTo(OutboxStatus.DISPATCHING);

            OutboxItem delivered = dispatcher.deliver(waitFor(unanswered), ada);
            assertThat(delivered.status()).isEqualTo(OutboxStatus.POSTED);
            assertThat(network.posts()).hasSize(1);
        }

        @Test
        void sends_again_after_a_server_error_only_when_the_network_does_not_have_the_post() {
            network.failNextPost(new ExternalServiceException.Unavailable("x", "503", null));

            OutboxItem unanswered = dispatcher.deliver(enqueue("post:ada:1", "tea is a mood"), ada);
            assertThat(unanswered.status()).isEqualTo(OutboxStatus.DISPATCHING);

            OutboxItem delivered = dispatcher.deliver(waitFor(unanswered), ada);
            assertThat(delivered.status()).isEqualTo(OutboxStatus.POSTED);
            assertThat(network.posts()).hasSize(1);
        }

        @Test
        void waits_longer_after_each_failed_attempt() {
            OutboxItem item = enqueue("post:ada:1", "tea is a mood");
            for (int attempt = 1; attempt <= 8; attempt++) {
                network.failNextPost(new ExternalServiceException.Unavailable("x", "503", null));
                Instant sent = clock.instant();
                item = dispatcher.deliver(item, ada);

                Duration expected = Duration.ofMinutes(Math.min(1L << (attempt - 1), 30));
                assertThat(dispatcher.dueAt(item)).as("attempt %d", attempt).isEqualTo(sent.plus(expected));
                item = waitFor(item);
            }
            assertThat(item.attempts()).isEqualTo(8);
            assertThat(network.posts()).isEmpty();
        }
    }

    @Nested
    @ExtendWith(OutputCaptureExtension.class)
    class Logging {

        private long dispatcherWarnings(CapturedOutput output, String kind) {
            return output.getAll()
                    .lines()
                    .filter(line -> line.contains(" WARN ") && line.contains("OutboxDispatcher") && line.contains(kind))
                    .count();
        }

        @Test
        void logs_one_warning_per_failure_kind_per_interval_however_many_items_fail(CapturedOutput output) {
            network.refuse(now -> Optional.of(new FakeNetwork.Refusal(
                    new ExternalServiceException.Unavailable("x", "503 Service Unavailable", null), false, false)));
            for (int i = 0; i < 12; i++) {
                dispatcher.deliver(enqueue("post:ada:" + i, "note number " + i), ada);
                clock.advance(Duration.ofSeconds(20));
            }
            network.refuse(now -> Optional.of(new FakeNetwork.Refusal(
                    new ExternalServiceException.RateLimited("x", "429 Too Many Requests", Duration.ofMinutes(15)),
                    false,
                    false)));
            for (int i = 12; i < 24; i++) {
                dispatcher.deliver(enqueue("post:ada:" + i, "note number " + i), ada);
                clock.advance(Duration.ofSeconds(1));
            }

            assertThat(dispatcherWarnings(output, "no answer from the network")).isEqualTo(1);
            assertThat(dispatcherWarnings(output, "rate limited")).isEqualTo(1);

            clock.advance(Duration.ofMinutes(5));
            dispatcher.deliver(enqueue("post:ada:late", "a later note"), ada);

            assertThat(output.getAll()
                            .lines()
                            .filter(line -> line.contains(" WARN ") && line.contains("OutboxDispatcher")))
                    .hasSize(3)
                    .last()
                    .satisfies(line -> assertThat(line).contains("rate limited").contains("(11 more since "));
            assertThat(outbox.list(ADA, null, 50)).hasSize(25).noneMatch(item -> item.status() == OutboxStatus.POSTED);
        }
    }

    @Nested
    class After_a_crash {

        @Test
        void marks_an_item_posted_when_the_network_accepted_it_before_the_process_died() {
            OutboxItem item = enqueue("post:ada:1", "tea is a mood");
            network.crashAfterNextPost();
            assertThatThrownBy(() -> dispatcher.deliver(item, ada)).isInstanceOf(FakeNetwork.SimulatedCrash.class);
            assertThat(stored(item).status()).isEqualTo(OutboxStatus.DISPATCHING);

            clock.advance(IN_FLIGHT);
            Outbox afterRestart = new JdbcOutbox(JdbcClient.create(database), clock);
            OutboxItem stuck =
                    afterRestart.listByStatus(OutboxStatus.DISPATCHING).getFirst();
            OutboxItem reconciled = new OutboxDispatcher(afterRestart, clock, IN_FLIGHT).deliver(stuck, ada);

            assertThat(network.posts())
                    .singleElement()
                    .satisfies(post -> assertThat(reconciled.remoteId()).isEqualTo(post.id()));
            assertThat(reconciled.status()).isEqualTo(OutboxStatus.POSTED);
        }

        @Test
        void resends_an_interrupted_item_the_network_never_received() {
            OutboxItem item = enqueue("post:ada:1", "tea is a mood");
            outbox.markDispatching(item.id(), clock.instant());
            clock.advance(IN_FLIGHT);

            OutboxItem delivered = dispatcher.deliver(stored(item), ada);

            assertThat(delivered.status()).isEqualTo(OutboxStatus.POSTED);
            assertThat(delivered.attempts()).isEqualTo(2);
            assertThat(network.posts()).extracting(Post::text).containsExactly("tea is a mood");
        }

        @Test
        void leaves_a_send_alone_while_it_may_still_be_in_flight() {
            OutboxItem item = enqueue("post:ada:1", "tea is a mood");
            outbox.markDispatching(item.id(), clock.instant());
            OutboxItem inFlight = stored(item);
            clock.advance(IN_FLIGHT.minusSeconds(1));

            OutboxItem untouched = dispatcher.deliver(inFlight, ada);

            assertThat(untouched).isEqualTo(inFlight);
            assertThat(network.posts()).isEmpty();
        }

        @Test
        void recognises_the_post_in_the_form_X_returns_it() {
            OutboxItem item = enqueue("post:ada:1", "Tea > coffee & that's final <3 https://example.com/tea?a=1&b=2");
            outbox.markDispatching(item.id(), clock.instant());
            clock.advance(Duration.ofSeconds(1));
            Post published = network.publish(
                    ADA_ACCOUNT, "Tea &gt; coffee &amp; that's final &lt;3 https://t.co/3kVxRk5mQh", null);
            clock.advance(IN_FLIGHT);

            OutboxItem reconciled = dispatcher.deliver(stored(item), ada);

            assertThat(reconciled.status()).isEqualTo(OutboxStatus.POSTED);
            assertThat(reconciled.remoteId()).isEqualTo(published.id());
            assertThat(network.posts()).hasSize(1);
        }

        @Test
        void does_not_take_an_older_post_with_the_same_text_for_the_item() {
            network.publish(ADA_ACCOUNT, "gm", null);
            clock.advance(Duration.ofDays(2));
            OutboxItem item = enqueue("post:ada:2", "gm");
            outbox.markDispatching(item.id(), clock.instant());
            clock.advance(IN_FLIGHT);

            OutboxItem delivered = dispatcher.deliver(stored(item), ada);

            assertThat(delivered.status()).isEqualTo(OutboxStatus.POSTED);
            assertThat(network.posts()).hasSize(2);
        }
    }

    @Nested
    class A_stale_item {

        @Test
        void expires_unsent_instead_of_going_out() {
            OutboxItem item = enqueue("post:ada:1", "yesterday's news");
            clock.advance(Duration.ofHours(13));

            OutboxItem expired = dispatcher.deliverUnlessCreatedBefore(
                    item, ada, clock.instant().minus(Duration.ofHours(12)));

            assertThat(expired.status()).isEqualTo(OutboxStatus.EXPIRED);
            assertThat(expired.reason()).contains("expired");
            assertThat(network.posts()).isEmpty();
        }

        @Test
        void that_may_be_on_the_network_is_looked_up_before_it_expires() {
            OutboxItem item = enqueue("post:ada:1", "yesterday's news");
            network.loseAnswerToNextPost(new ExternalServiceException.TimedOut("x", "read timed out", null));
            OutboxItem unanswered = dispatcher.deliver(item, ada);
            clock.advance(Duration.ofHours(13));

            OutboxItem reconciled = dispatcher.deliverUnlessCreatedBefore(
                    stored(unanswered), ada, clock.instant().minus(Duration.ofHours(12)));

            assertThat(reconciled.status()).isEqualTo(OutboxStatus.POSTED);
            assertThat(network.posts()).hasSize(1);
        }
    }

    @Nested
    class Listing {

        @Test
        void filters_by_persona_and_status_newest_first() {
            dispatcher.deliver(enqueue("post:ada:1", "first"), ada);
            OutboxItem second = enqueue("post:ada:2", "second");
            outbox.enqueue(OutboxItem.Draft.post(PersonaId.of("bob"), "post:bob:1", "bob's"));

            assertThat(outbox.list(ADA, null, 10)).extracting(OutboxItem::text).containsExactly("second", "first");
            assertThat(outbox.list(ADA, OutboxStatus.PENDING, 10))
                    .extracting(OutboxItem::text)
                    .containsExactly("second");
            assertThat(outbox.list(null, null, 10)).hasSize(3);
            assertThat(outbox.list(null, OutboxStatus.PENDING, null, 10))
                    .extracting(OutboxItem::text)
                    .containsExactly("bob's", "second");
            assertThat(outbox.list(ADA, null, second.id(), 10))
                    .as("older than an id")
                    .extracting(OutboxItem::text)
                    .containsExactly("first");
            assertThat(outbox.list(null, null, 2)).extracting(OutboxItem::text).containsExactly("bob's", "second");
        }

        @Test
        void lists_a_persona_s_undelivered_items_oldest_first() {
            dispatcher.deliver(enqueue("post:ada:1", "posted"), ada);
            OutboxItem dispatching = enqueue("post:ada:2", "in flight");
            outbox.markDispatching(dispatching.id(), clock.instant());
            enqueue("post:ada:3", "pending");
            outbox.enqueue(OutboxItem.Draft.post(PersonaId.of("bob"), "post:bob:1", "bob's"));

            assertThat(outbox.listUndelivered(ADA))
                    .extracting(OutboxItem::text)
                    .containsExactly("in flight", "pending");
        }
    }
}
