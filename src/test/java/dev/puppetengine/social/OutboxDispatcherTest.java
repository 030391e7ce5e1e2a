package dev.puppetengine.social;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.puppetengine.persona.PersonaId;
import dev.puppetengine.shared.ExternalServiceException;
import dev.puppetengine.shared.SettableClock;
import dev.puppetengine.shared.TestDatabase;
import dev.puppetengine.social.jdbc.JdbcOutbox;
import java.time.Instant;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.jdbc.core.simple.JdbcClient;

class OutboxDispatcherTest {

    private static final PersonaId ADA = PersonaId.of("ada");
    private static final Account ADA_ACCOUNT = new Account("11", "ada", "Ada");

    private final SettableClock clock = new SettableClock(Instant.parse("2026-11-25T08:00:00Z"));
    private final DataSource database = TestDatabase.inMemory();
    private final Outbox outbox = new JdbcOutbox(JdbcClient.create(database), clock);
    private final FakeNetwork network = new FakeNetwork(clock);
    private final SocialNetwork ada = network.as(ADA_ACCOUNT);

    private OutboxItem enqueue(String key, String text) {
        return outbox.enqueue(OutboxItem.Draft.post(ADA, key, text));
    }

    @Nested
    class Sending {

        @Test
        void posts_a_pending_item_and_records_the_network_id() {
            OutboxItem item = enqueue("post:ada:1", "tea is a mood");

            OutboxItem delivered = new OutboxDispatcher(outbox, clock).deliver(item, ada);

            assertThat(network.posts()).singleElement().satisfies(post -> {
                assertThat(post.text()).isEqualTo("tea is a mood");
                assertThat(delivered.remoteId()).isEqualTo(post.id());
            });
            assertThat(delivered.status()).isEqualTo(OutboxStatus.POSTED);
            assertThat(delivered.attempts()).isEqualTo(1);
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
            OutboxDispatcher dispatcher = new OutboxDispatcher(outbox, clock);
            OutboxItem posted = dispatcher.deliver(enqueue("post:ada:1", "tea is a mood"), ada);

            dispatcher.deliver(posted, ada);

            assertThat(network.posts()).hasSize(1);
        }

        @Test
        void keeps_an_item_pending_when_rate_limited_and_posts_it_on_the_next_delivery() {
            OutboxDispatcher dispatcher = new OutboxDispatcher(outbox, clock);
            network.failNextPost(new ExternalServiceException.RateLimited("x", "429 until reset", null));

            OutboxItem retried = dispatcher.deliver(enqueue("post:ada:1", "tea is a mood"), ada);
            assertThat(retried.status()).isEqualTo(OutboxStatus.PENDING);
            assertThat(retried.reason()).contains("429");

            OutboxItem delivered = dispatcher.deliver(retried, ada);
            assertThat(delivered.status()).isEqualTo(OutboxStatus.POSTED);
            assertThat(network.posts()).hasSize(1);
        }

        static Stream<ExternalServiceException> lostAnswers() {
            return Stream.of(
                    new ExternalServiceException.TimedOut("x", "read timed out", null),
                    new ExternalServiceException.Unavailable("x", "connection reset", null));
        }

        @ParameterizedTest
        @MethodSource("lostAnswers")
        void does_not_resend_a_post_the_network_accepted_when_its_answer_was_lost(ExternalServiceException lost) {
            OutboxDispatcher dispatcher = new OutboxDispatcher(outbox, clock);
            network.loseAnswerToNextPost(lost);

            OutboxItem unanswered = dispatcher.deliver(enqueue("post:ada:1", "tea is a mood"), ada);
            assertThat(unanswered.status()).isEqualTo(OutboxStatus.DISPATCHING);

            OutboxItem delivered = dispatcher.deliver(unanswered, ada);
            assertThat(delivered.status()).isEqualTo(OutboxStatus.POSTED);
            assertThat(network.posts()).hasSize(1);
        }

        @Test
        void sends_again_after_a_server_error_only_when_the_network_does_not_have_the_post() {
            OutboxDispatcher dispatcher = new OutboxDispatcher(outbox, clock);
            network.failNextPost(new ExternalServiceException.Unavailable("x", "503", null));

            OutboxItem unanswered = dispatcher.deliver(enqueue("post:ada:1", "tea is a mood"), ada);
            assertThat(unanswered.status()).isEqualTo(OutboxStatus.DISPATCHING);

            OutboxItem delivered = dispatcher.deliver(unanswered, ada);
            assertThat(delivered.status()).isEqualTo(OutboxStatus.POSTED);
            assertThat(network.posts()).hasSize(1);
        }

        @Test
        void marks_an_item_failed_when_the_network_refuses_it() {
            network.failNextPost(new ExternalServiceException.ContentRejected("x", "duplicate content", null));

            OutboxItem failed = new OutboxDispatcher(outbox, clock).deliver(enqueue("post:ada:1", "tea"), ada);

            assertThat(failed.status()).isEqualTo(OutboxStatus.FAILED);
            assertThat(outbox.list(ADA, OutboxStatus.FAILED, 10)).hasSize(1);
            assertThat(network.posts()).isEmpty();
        }
    }

    @Nested
    class After_a_crash {

        @Test
        void marks_an_item_posted_when_the_network_accepted_it_before_the_process_died() {
            OutboxItem item = enqueue("post:ada:1", "tea is a mood");
            network.crashAfterNextPost();
            assertThatThrownBy(() -> new OutboxDispatcher(outbox, clock).deliver(item, ada))
                    .isInstanceOf(FakeNetwork.SimulatedCrash.class);
            assertThat(outbox.find(item.id()).orElseThrow().status()).isEqualTo(OutboxStatus.DISPATCHING);

            Outbox afterRestart = new JdbcOutbox(JdbcClient.create(database), clock);
            OutboxItem stuck =
                    afterRestart.listByStatus(OutboxStatus.DISPATCHING).getFirst();
            OutboxItem reconciled = new OutboxDispatcher(afterRestart, clock).deliver(stuck, ada);

            assertThat(network.posts())
                    .singleElement()
                    .satisfies(post -> assertThat(reconciled.remoteId()).isEqualTo(post.id()));
            assertThat(reconciled.status()).isEqualTo(OutboxStatus.POSTED);
        }

        @Test
        void resends_an_interrupted_item_the_network_never_received() {
            OutboxItem item = enqueue("post:ada:1", "tea is a mood");
            outbox.markDispatching(item.id(), clock.instant());

            OutboxItem delivered = new OutboxDispatcher(outbox, clock)
                    .deliver(outbox.find(item.id()).orElseThrow(), ada);

            assertThat(delivered.status()).isEqualTo(OutboxStatus.POSTED);
            assertThat(delivered.attempts()).isEqualTo(2);
            assertThat(network.posts()).extracting(Post::text).containsExactly("tea is a mood");
        }
    }

    @Nested
    class Listing {

        @Test
        void filters_by_persona_and_status_newest_first() {
            OutboxDispatcher dispatcher = new OutboxDispatcher(outbox, clock);
            dispatcher.deliver(enqueue("post:ada:1", "first"), ada);
            enqueue("post:ada:2", "second");
            outbox.enqueue(OutboxItem.Draft.post(PersonaId.of("bob"), "post:bob:1", "bob's"));

            assertThat(outbox.list(ADA, null, 10)).extracting(OutboxItem::text).containsExactly("second", "first");
            assertThat(outbox.list(ADA, OutboxStatus.PENDING, 10))
                    .extracting(OutboxItem::text)
                    .containsExactly("second");
            assertThat(outbox.list(null, null, 10)).hasSize(3);
        }
    }
}
