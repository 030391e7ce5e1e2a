package dev.puppetengine.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.puppetengine.memory.MemoryKind;
import dev.puppetengine.persona.PersonaId;
import dev.puppetengine.persona.PersonaSpec;
import dev.puppetengine.shared.SettableClock;
import dev.puppetengine.shared.TestDatabase;
import dev.puppetengine.social.Account;
import dev.puppetengine.social.OutboxItem;
import dev.puppetengine.social.OutboxStatus;
import dev.puppetengine.social.Post;
import dev.puppetengine.social.SocialNetwork;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The engine's steps one by one, on the sample cast and real stores. */
class StepsTest {

    private static final PersonaId JUNIPER = PersonaId.of("juniper");

    private final SettableClock clock = new SettableClock(Instant.parse("2026-11-25T08:00:00Z"));
    private final EngineFixture fixture = new EngineFixture(clock, TestDatabase.inMemory());
    private final EngineFixture.Wiring steps = fixture.wire();
    private final PersonaSpec juniper = fixture.catalog.findPersona(JUNIPER).orElseThrow();

    private SocialNetwork juniperNetwork() {
        return fixture.network.as(fixture.account(JUNIPER));
    }

    @BeforeEach
    void giveTheCastItsStates() {
        fixture.ensureStates();
    }

    @Nested
    class Posting_a_due_slot {

        @Test
        void stores_the_post_in_the_outbox_without_sending_it() {
            Posting.Drafted drafted = steps.posting().draftDue(juniper, clock.instant());

            assertThat(drafted).isInstanceOfSatisfying(Posting.Queued.class, queued -> {
                assertThat(queued.item().status()).isEqualTo(OutboxStatus.PENDING);
                assertThat(queued.item().idempotencyKey()).isEqualTo(Posting.keyOf(JUNIPER, clock.instant()));
            });
            assertThat(fixture.postsOf(JUNIPER)).isEmpty();
            assertThat(fixture.states().require(JUNIPER).nextPostAt()).isEqualTo(drafted.next());
        }

        @Test
        void writes_nothing_new_for_a_slot_already_in_the_outbox() {
            Instant slot = clock.instant();
            steps.posting().draftDue(juniper, slot);

            assertThat(steps.posting().draftDue(juniper, slot)).isInstanceOf(Posting.AlreadyQueued.class);
        }
    }

    @Nested
    class Answering_a_mention {

        private final Account human = new Account("7", "operator", "Operator");

        @Test
        void stores_one_reply_and_marks_the_mention_handled() {
            Post mention = fixture.network.publish(human, "@juniper how are the seedlings?", null);

            OutboxItem reply = ((MentionAnswering.Queued) steps.answering()
                            .draftReply(
                                    juniper,
                                    mention,
                                    juniperNetwork(),
                                    fixture.account(JUNIPER).id()))
                    .item();

            assertThat(reply.inReplyToId()).isEqualTo(mention.id());
            assertThat(fixture.states().isHandled(JUNIPER, mention.id())).isTrue();
            assertThat(fixture.states().findMentionCursor(JUNIPER)).contains(mention.id());
            assertThat(steps.answering()
                            .draftReply(
                                    juniper,
                                    mention,
                                    juniperNetwork(),
                                    fixture.account(JUNIPER).id()))
                    .isInstanceOf(MentionAnswering.NotNeeded.class);
        }
    }

    @Nested
    class Delivering {

        @Test
        void records_state_memory_and_decision_once_posted() {
            Posting.Queued queued = (Posting.Queued) steps.posting().draftDue(juniper, clock.instant());

            OutboxItem delivered =
                    steps.delivery().deliver(queued.item(), fixture.network.as(fixture.account(JUNIPER)));

            assertThat(delivered.status()).isEqualTo(OutboxStatus.POSTED);
            assertThat(fixture.states().require(JUNIPER).lastOriginalPostAt()).isEqualTo(clock.instant());
            assertThat(fixture.memories().listByKind(JUNIPER, MemoryKind.POST))
                    .singleElement()
                    .satisfies(memory -> assertThat(memory.content()).isEqualTo(delivered.text()));
            assertThat(fixture.decisions(JUNIPER))
                    .singleElement()
                    .satisfies(decision -> assertThat(decision.outcome()).isEqualTo(Decision.Outcome.POSTED));
        }

        @Test
        void a_refused_post_is_a_failed_decision_and_no_memory() {
            Posting.Queued queued = (Posting.Queued) steps.posting().draftDue(juniper, clock.instant());
            fixture.network.failNextPost(new dev.puppetengine.shared.ExternalServiceException.ContentRejected(
                    "x", "duplicate content", null));

            OutboxItem delivered =
                    steps.delivery().deliver(queued.item(), fixture.network.as(fixture.account(JUNIPER)));

            assertThat(delivered.status()).isEqualTo(OutboxStatus.FAILED);
            assertThat(fixture.memories().listByKind(JUNIPER, MemoryKind.POST)).isEmpty();
            assertThat(fixture.decisions(JUNIPER))
                    .singleElement()
                    .satisfies(decision -> assertThat(decision.outcome()).isEqualTo(Decision.Outcome.FAILED));
        }
    }
}
