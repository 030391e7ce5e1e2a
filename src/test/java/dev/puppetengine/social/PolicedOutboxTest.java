package dev.puppetengine.social;

import static org.assertj.core.api.Assertions.assertThat;

import dev.puppetengine.persona.PersonaId;
import dev.puppetengine.shared.SettableClock;
import dev.puppetengine.shared.TestDatabase;
import dev.puppetengine.social.jdbc.JdbcOptOuts;
import dev.puppetengine.social.jdbc.JdbcOutbox;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

class PolicedOutboxTest {

    private static final PersonaId ADA = PersonaId.of("ada");
    private static final Account ADA_ACCOUNT = new Account("100", "ada_bot", "Ada");

    private final SettableClock clock = new SettableClock(Instant.parse("2026-12-01T10:00:00Z"));
    private final DataSource database = TestDatabase.inMemory();
    private final JdbcOutbox store = new JdbcOutbox(JdbcClient.create(database), clock);
    private final List<OutboxItem> stopped = new ArrayList<>();

    private PolicedOutbox outbox(PlatformPolicy.Settings settings) {
        PlatformPolicy policy = new PlatformPolicy(
                settings, store, new JdbcOptOuts(JdbcClient.create(database)), id -> Optional.of(ADA_ACCOUNT), clock);
        return new PolicedOutbox(store, policy, stopped::add);
    }

    private static PlatformPolicy.Settings live(boolean approved) {
        return new PlatformPolicy.Settings(
                true, approved, false, false, List.of("stop", "unsubscribe"), Set.of(), Set.of("@Troll"), 3, Map.of());
    }

    private static Post mention(String id, String authorId, String author, String text) {
        return post(id, authorId, author, text, null);
    }

    private static Post post(String id, String authorId, String author, String text, @Nullable String inReplyTo) {
        return new Post(id, authorId, author, text, id, inReplyTo, null, Instant.parse("2026-12-01T09:59:00Z"));
    }

    private OutboxItem reply(PolicedOutbox outbox, Post target, String text) {
        return outbox.enqueue(OutboxItem.Draft.reply(ADA, "reply:ada:" + target.id(), text, target));
    }

    @Nested
    class Replies {

        @Test
        void a_reply_to_a_mention_goes_out_once_approved() {
            PolicedOutbox outbox = outbox(live(true));

            OutboxItem item = reply(outbox, mention("1", "7", "bob", "@ada_bot hi"), "hello bob");

            assertThat(item.status()).isEqualTo(OutboxStatus.PENDING);
            assertThat(stopped).isEmpty();
        }

        @Test
        void is_held_with_the_reason_before_ai_replies_are_approved() {
            PolicedOutbox outbox = outbox(live(false));

            OutboxItem item = reply(outbox, mention("1", "7", "bob", "@ada_bot hi"), "hello bob");

            assertThat(item.status()).isEqualTo(OutboxStatus.HELD);
            assertThat(item.reason()).contains("puppet.x.ai-replies-approved");
            assertThat(stopped).extracting(OutboxItem::id).containsExactly(item.id());
            assertThat(store.listUndelivered(ADA)).isEmpty();
        }

        @Test
        void are_refused_to_posts_that_neither_mention_nor_quote_the_persona() {
            PolicedOutbox outbox = outbox(live(true));

            OutboxItem item = reply(outbox, mention("1", "7", "bob", "nice weather"), "indeed");

            assertThat(item.status()).isEqualTo(OutboxStatus.REFUSED);
            assertThat(item.reason()).contains("mention or quote");
        }

        @Test
        void a_reply_to_an_answer_to_the_personas_own_post_is_allowed() {
            PolicedOutbox outbox = outbox(live(true));
            OutboxItem own = outbox.enqueue(OutboxItem.Draft.post(ADA, "post:1", "first"));
            store.markDispatching(own.id(), clock.instant());
            store.markPosted(own.id(), "500", clock.instant());

            OutboxItem item = reply(outbox, post("2", "7", "bob", "agreed", "500"), "thanks");

            assertThat(item.status()).isEqualTo(OutboxStatus.PENDING);
        }

        @Test
        void only_one_reply_per_post() {
            PolicedOutbox outbox = outbox(live(true));
            Post mention = mention("1", "7", "bob", "@ada_bot hi");
            reply(outbox, mention, "hello");

            OutboxItem second = outbox.enqueue(OutboxItem.Draft.reply(ADA, "reaction:ada:1", "hello again", mention));

            assertThat(second.status()).isEqualTo(OutboxStatus.REFUSED);
            assertThat(second.reason()).contains("one reply per interaction");
        }

        @Test
        void may_not_mention_anyone_outside_the_conversation() {
            PolicedOutbox outbox = outbox(live(true));

            OutboxItem item =
                    reply(outbox, mention("1", "7", "bob", "@ada_bot hi @carol"), "hi @bob and @carol, ask @dave");

            assertThat(item.status()).isEqualTo(OutboxStatus.REFUSED);
            assertThat(item.reason()).contains("@dave");
        }
    }

    @Nested
    class Opt_out {

        @Test
        void the_word_silences_the_persona_toward_that_user_for_good() {
            PolicedOutbox outbox = outbox(live(true));

            OutboxItem toStop = reply(outbox, mention("1", "7", "bob", "@ada_bot STOP."), "ok");
            OutboxItem later = reply(outbox, mention("2", "7", "bob", "@ada_bot hello?"), "hi");
            OutboxItem other = reply(outbox, mention("3", "8", "cy", "@ada_bot hello"), "hi cy");

            assertThat(toStop.status()).isEqualTo(OutboxStatus.REFUSED);
            assertThat(later.status()).isEqualTo(OutboxStatus.REFUSED);
            assertThat(later.reason()).contains("@bob opted out with 'stop' in 1");
            assertThat(other.status()).isEqualTo(OutboxStatus.PENDING);
            assertThat(outbox(live(true)).screenReply(ADA, mention("4", "7", "bob", "@ada_bot hi")))
                    .hasValueSatisfying(stop -> assertThat(stop.reason()).contains("opted out"));
        }

        @Test
        void a_word_inside_another_word_is_no_opt_out() {
            PolicedOutbox outbox = outbox(live(true));

            assertThat(reply(outbox, mention("1", "7", "bob", "@ada_bot unstoppable!"), "yes")
                            .status())
                    .isEqualTo(OutboxStatus.PENDING);
        }
    }

    @Nested
    class Other_rules {

        @Test
        void automated_likes_are_refused_unless_switched_on() {
            Post post = mention("1", "7", "bob", "@ada_bot hi");

            OutboxItem like = outbox(live(true)).enqueue(OutboxItem.Draft.like(ADA, "like:1", post));

            assertThat(like.status()).isEqualTo(OutboxStatus.REFUSED);
            assertThat(like.reason()).contains("puppet.x.automated-likes");
        }

        @Test
        void the_deny_list_and_the_allow_list_hold() {
            PolicedOutbox denying = outbox(live(true));
            assertThat(reply(denying, mention("1", "9", "troll", "@ada_bot hey"), "hi")
                            .reason())
                    .contains("deny list");

            PolicedOutbox allowing = outbox(new PlatformPolicy.Settings(
                    true, true, false, false, List.of("stop"), Set.of("bob"), Set.of(), 50, Map.of()));
            assertThat(reply(allowing, mention("2", "8", "cy", "@ada_bot hey"), "hi")
                            .reason())
                    .contains("allow list");
            assertThat(reply(allowing, mention("3", "7", "Bob", "@ada_bot hey"), "hi")
                            .status())
                    .isEqualTo(OutboxStatus.PENDING);
        }

        @Test
        void the_daily_post_cap_counts_the_last_24_hours() {
            PolicedOutbox outbox = outbox(live(true));
            for (int i = 0; i < 3; i++) {
                assertThat(outbox.enqueue(OutboxItem.Draft.post(ADA, "post:" + i, "post " + i))
                                .status())
                        .isEqualTo(OutboxStatus.PENDING);
            }

            OutboxItem fourth = outbox.enqueue(OutboxItem.Draft.post(ADA, "post:3", "post 3"));
            clock.advance(Duration.ofHours(24).plusSeconds(1));
            OutboxItem nextDay = outbox.enqueue(OutboxItem.Draft.post(ADA, "post:4", "post 4"));

            assertThat(fourth.status()).isEqualTo(OutboxStatus.REFUSED);
            assertThat(fourth.reason()).contains("daily post cap", "3 of 3");
            assertThat(nextDay.status()).isEqualTo(OutboxStatus.PENDING);
        }

        @Test
        void an_original_post_may_mention_nobody() {
            OutboxItem item = outbox(live(true)).enqueue(OutboxItem.Draft.post(ADA, "post:1", "hello @everyone"));

            assertThat(item.status()).isEqualTo(OutboxStatus.REFUSED);
            assertThat(item.reason()).contains("@everyone");
        }

        @Test
        void nothing_is_checked_when_the_policy_is_off() {
            PolicedOutbox outbox = outbox(PlatformPolicy.Settings.off());

            assertThat(reply(outbox, mention("1", "7", "bob", "stop"), "hi @all")
                            .status())
                    .isEqualTo(OutboxStatus.PENDING);
        }

        @Test
        void a_stored_item_is_returned_as_stored_and_not_checked_again() {
            PolicedOutbox outbox = outbox(live(false));
            Post mention = mention("1", "7", "bob", "@ada_bot hi");
            OutboxItem held = reply(outbox, mention, "hello");

            assertThat(reply(outbox(live(true)), mention, "hello")).isEqualTo(held);
            assertThat(stopped).hasSize(1);
        }
    }
}
