package dev.puppetengine.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.puppetengine.llm.PostText;
import dev.puppetengine.memory.MemoryKind;
import dev.puppetengine.memory.MemoryStore;
import dev.puppetengine.persona.PersonaId;
import dev.puppetengine.persona.PersonaSpec;
import dev.puppetengine.shared.SettableClock;
import dev.puppetengine.shared.TestDatabase;
import dev.puppetengine.social.Account;
import dev.puppetengine.social.FakeNetwork;
import dev.puppetengine.social.OutboxStatus;
import dev.puppetengine.social.Post;
import dev.puppetengine.social.jdbc.JdbcOutbox;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

class EngineTest {

    private static final PersonaId JUNIPER = PersonaId.of("juniper");
    private static final Path SAMPLE_CAST = Path.of("config/agents");

    private final SettableClock clock = new SettableClock(Instant.parse("2026-11-25T08:00:00Z"));
    private final EngineFixture fixture = new EngineFixture(clock, TestDatabase.inMemory());
    private final FakeNetwork network = fixture.network;
    private final Account human = new Account("7", "operator", "Operator");

    private Engine engine = fixture.start();

    private Engine start() {
        return fixture.start();
    }

    private MemoryStore memories() {
        return fixture.memories();
    }

    private PersonaStateStore states() {
        return fixture.states();
    }

    private List<Post> postsOf(PersonaId persona) {
        return fixture.postsOf(persona);
    }

    private List<Decision> decisions() {
        return fixture.decisions(JUNIPER);
    }

    @Nested
    class A_due_post {

        @Test
        void goes_out_once_and_is_recorded_in_state_memory_and_decision_log() {
            fixture.ensureStates();
            Instant next = engine.postDue(JUNIPER, clock.instant()).orElseThrow();

            assertThat(postsOf(JUNIPER)).singleElement().satisfies(post -> {
                assertThat(PostText.weightedLength(post.text())).isLessThanOrEqualTo(280);
                assertThat(memories().listByKind(JUNIPER, MemoryKind.POST))
                        .singleElement()
                        .satisfies(m -> assertThat(m.content()).isEqualTo(post.text()));
            });
            PersonaState state = states().require(JUNIPER);
            assertThat(state.lastPostAt()).isEqualTo(clock.instant());
            assertThat(state.lastOriginalPostAt()).isEqualTo(clock.instant());
            assertThat(state.nextPostAt()).isEqualTo(next);
            assertThat(next)
                    .isBetween(
                            clock.instant().plus(Duration.ofHours(4)),
                            clock.instant().plus(Duration.ofHours(10)));
            assertThat(decisions()).extracting(Decision::outcome).containsExactly(Decision.Outcome.POSTED);
        }

        @Test
        void is_rescheduled_to_the_end_of_the_minimum_interval_when_too_soon() {
            fixture.ensureStates();
            engine.postDue(JUNIPER, clock.instant());
            Instant firstPost = clock.instant();
            clock.advance(Duration.ofHours(1));

            Instant retry = engine.postDue(JUNIPER, clock.instant()).orElseThrow();

            assertThat(retry).isEqualTo(firstPost.plus(Duration.ofHours(4)));
            assertThat(postsOf(JUNIPER)).hasSize(1);
            assertThat(decisions())
                    .extracting(Decision::outcome)
                    .containsExactly(Decision.Outcome.RESCHEDULED, Decision.Outcome.POSTED);
        }

        @Test
        void stops_the_schedule_of_a_paused_persona() {
            fixture.ensureStates();
            states().updateActive(JUNIPER, false);

            assertThat(engine.postDue(JUNIPER, clock.instant())).isEmpty();
            assertThat(postsOf(JUNIPER)).isEmpty();
        }

        @Test
        void gives_every_persona_of_the_cast_its_own_first_post_time() {
            fixture.ensureStates();
            List<PersonaId> cast = engine.listActivePersonas();

            List<Instant> firsts = cast.stream().map(engine::scheduleFirstPost).toList();

            assertThat(cast).hasSize(fixture.cast().size());
            assertThat(firsts)
                    .doesNotHaveDuplicates()
                    .allSatisfy(at -> assertThat(at)
                            .isBetween(
                                    clock.instant().plus(Duration.ofMinutes(1)),
                                    clock.instant().plus(Duration.ofMinutes(5))));
        }
    }

    @Nested
    class The_first_posts_of_a_cast {

        private static final double EVERY_ONE_AND_A_HALF_HOURS = 1 / 5400.0;

        @Test
        void keep_one_to_five_minutes_for_a_small_cast() {
            assertThat(Engine.firstPostWindow(20, 20 * EVERY_ONE_AND_A_HALF_HOURS))
                    .isEqualTo(Duration.ofMinutes(4));
            assertThat(engine.firstPostWindow(fixture.cast())).isEqualTo(Duration.ofMinutes(4));
        }

        @Test
        void are_spread_at_one_a_second_when_the_cast_posts_slower_than_that() {
            // 1,000 personas posting every 1-2 h: 0.19 posts a second.
            assertThat(Engine.firstPostWindow(1_000, 1_000 * EVERY_ONE_AND_A_HALF_HOURS))
                    .isEqualTo(Duration.ofSeconds(1_000));
        }

        @Test
        void are_spread_over_the_steady_pace_of_a_cast_posting_faster_than_one_a_second() {
            // 10,000 personas posting every 1-2 h: 1.85 posts a second, the steady pace from the first post on.
            assertThat(Engine.firstPostWindow(10_000, 10_000 * EVERY_ONE_AND_A_HALF_HOURS))
                    .isEqualTo(Duration.ofMinutes(90));
        }

        @Test
        void count_each_persona_at_one_over_the_middle_of_its_interval() {
            assertThat(Engine.postsPerSecond(new PersonaSpec.PostFrequency(1, 2, List.of(), ZoneOffset.UTC)))
                    .isCloseTo(EVERY_ONE_AND_A_HALF_HOURS, within(1e-12));
            assertThat(Engine.postsPerSecond(new PersonaSpec.PostFrequency(0, 0, List.of(), ZoneOffset.UTC)))
                    .isInfinite();
            assertThat(Engine.firstPostWindow(10_000, Double.POSITIVE_INFINITY)).isEqualTo(Duration.ofMinutes(4));
        }

        @Test
        void of_a_persona_added_later_come_one_to_five_minutes_out() {
            fixture.ensureStates();

            Instant at = engine.scheduleFirstPost(JUNIPER);

            assertThat(at)
                    .isBetween(
                            clock.instant().plus(Duration.ofMinutes(1)),
                            clock.instant().plus(Duration.ofMinutes(5)));
            assertThat(states().require(JUNIPER).nextPostAt()).isEqualTo(at);
        }
    }

    @Nested
    class A_crash_between_dispatch_and_acknowledgement {

        @Test
        void never_posts_the_same_text_twice_after_restart() {
            fixture.ensureStates();
            Instant slot = clock.instant();
            network.crashAfterNextPost();
            assertThatThrownBy(() -> engine.postDue(JUNIPER, slot)).isInstanceOf(FakeNetwork.SimulatedCrash.class);
            assertThat(postsOf(JUNIPER)).hasSize(1);

            clock.advance(Duration.ofSeconds(40));
            engine = start();
            Instant next = engine.postDue(JUNIPER, clock.instant()).orElseThrow();
            clock.set(next);
            engine.postDue(JUNIPER, next);

            List<String> texts = postsOf(JUNIPER).stream().map(Post::text).toList();
            assertThat(texts).hasSize(2).doesNotHaveDuplicates();
            assertThat(new JdbcOutbox(JdbcClient.create(fixture.database), clock).list(JUNIPER, null, 10))
                    .extracting(item -> item.status())
                    .containsOnly(OutboxStatus.POSTED);
            assertThat(memories().listByKind(JUNIPER, MemoryKind.POST)).hasSize(2);
        }

        @Test
        void a_rerun_of_the_same_slot_posts_nothing_new() {
            fixture.ensureStates();
            Instant slot = clock.instant();
            engine.postDue(JUNIPER, slot);

            engine = start();
            engine.postDue(JUNIPER, slot);

            assertThat(postsOf(JUNIPER)).hasSize(1);
        }
    }

    @Nested
    class Mentions {

        @Test
        void get_exactly_one_reply_each() {
            fixture.ensureStates();
            Post mention = network.publish(human, "@juniper what are you reading tonight?", null);

            int first = engine.answerMentions(JUNIPER).replies();
            engine = start();
            int second = engine.answerMentions(JUNIPER).replies();

            assertThat(first).isEqualTo(1);
            assertThat(second).isZero();
            assertThat(postsOf(JUNIPER))
                    .singleElement()
                    .satisfies(reply -> assertThat(reply.inReplyToId()).isEqualTo(mention.id()));
            assertThat(states().require(JUNIPER).lastOriginalPostAt()).isNull();
        }

        @Test
        void the_first_read_answers_nothing_from_before_the_persona_started() {
            Post old = network.publish(human, "@juniper are you there?", null);
            clock.advance(Duration.ofMinutes(5));
            fixture.ensureStates();
            clock.advance(Duration.ofMinutes(1));
            Post fresh = network.publish(human, "@juniper hello, new here", null);

            Engine.MentionCheck check = engine.answerMentions(JUNIPER);

            assertThat(check.replies()).isEqualTo(1);
            assertThat(check.mentions()).isEqualTo(1);
            assertThat(postsOf(JUNIPER))
                    .singleElement()
                    .satisfies(reply -> assertThat(reply.inReplyToId()).isEqualTo(fresh.id()));
            assertThat(states().isHandled(JUNIPER, old.id())).isFalse();
        }
    }

    @Nested
    class The_cast_search {

        private static final PersonaId MARLOW = PersonaId.of("marlow");
        private static final PersonaId TESS = PersonaId.of("tess");

        private CastMentions castMentions(Engine on, boolean enabled) {
            return new CastMentions(
                    on,
                    fixture.catalog,
                    states(),
                    persona -> network.as(fixture.account(persona.id())),
                    new dev.puppetengine.agent.jdbc.JdbcCastCursors(JdbcClient.create(fixture.database), clock),
                    enabled,
                    MentionWakeups.NONE,
                    clock);
        }

        @Test
        void reads_every_persona_with_one_query_and_answers_each_mention_once() {
            Post old = network.publish(human, "@tess still up?", null);
            clock.advance(Duration.ofMinutes(5));
            fixture.ensureStates();
            clock.advance(Duration.ofMinutes(1));
            Post toTwo = network.publish(human, "@juniper @marlow which one of you reads more?", null);
            Post juniperRoot = network.publish(fixture.account(JUNIPER), "reading by the window", null);
            Post replyToJuniper = network.publish(human, "what book?", juniperRoot.id());
            CastMentions cast = castMentions(engine, true);

            CastMentions.CastCheck first = cast.read();
            engine = start();
            CastMentions.CastCheck second = castMentions(engine, true).read();

            assertThat(first.covered()).containsExactlyInAnyOrder(JUNIPER, MARLOW, TESS);
            assertThat(first.mentions()).isEqualTo(3);
            assertThat(first.replies()).isEqualTo(3);
            assertThat(second.replies()).isZero();
            assertThat(postsOf(JUNIPER))
                    .extracting(Post::inReplyToId)
                    .containsExactlyInAnyOrder(null, toTwo.id(), replyToJuniper.id());
            assertThat(postsOf(MARLOW)).extracting(Post::inReplyToId).containsExactly(toTwo.id());
            assertThat(postsOf(TESS)).isEmpty();
            assertThat(states().isHandled(TESS, old.id())).isFalse();
            assertThat(network.searches()).hasSize(2);
            assertThat(network.searches().getFirst()).isEqualTo("@juniper OR @marlow OR @tess since=null");
            assertThat(network.searches().get(1)).doesNotEndWith("since=null");
            assertThat(cast.covers(JUNIPER)).isTrue();
        }

        @Test
        void leaves_a_lone_persona_and_a_cast_with_the_switch_off_to_their_own_reads() {
            fixture.ensureStates();
            network.publish(human, "@juniper hello", null);
            CastMentions off = castMentions(engine, false);

            assertThat(off.covers(JUNIPER)).isFalse();
            assertThat(off.read().covered()).isEmpty();
            states().updateActive(MARLOW, false);
            states().updateActive(TESS, false);
            CastMentions lone = castMentions(engine, true);
            assertThat(lone.read().covered()).isEmpty();
            assertThat(lone.covers(JUNIPER)).isFalse();
            assertThat(network.searches()).isEmpty();
            assertThat(postsOf(JUNIPER)).isEmpty();
        }
    }
}
