package dev.puppetengine.agent.scheduling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.github.kagkarlsson.scheduler.ScheduledExecution;
import com.github.kagkarlsson.scheduler.Scheduler;
import dev.puppetengine.agent.CastMentions;
import dev.puppetengine.agent.Engine;
import dev.puppetengine.agent.EngineFixture;
import dev.puppetengine.agent.MentionWakeups;
import dev.puppetengine.agent.jdbc.JdbcCastCursors;
import dev.puppetengine.persona.PersonaId;
import dev.puppetengine.shared.ExternalServiceException;
import dev.puppetengine.shared.SettableClock;
import dev.puppetengine.shared.TestDatabase;
import dev.puppetengine.social.Account;
import dev.puppetengine.social.FakeNetwork;
import dev.puppetengine.social.Post;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The mentions task of a persona the cast search covers (issue 13): it comes back for its waiting replies or after
 * the safety interval, and the cast read wakes it when that is too late (H2, the fake network, a settable clock).
 */
class CoveredMentionsTest {

    private static final PersonaId JUNIPER = PersonaId.of("juniper");
    private static final PersonaId MARLOW = PersonaId.of("marlow");
    private static final PersonaId TESS = PersonaId.of("tess");
    private static final Duration ACTIVE = Duration.ofMinutes(1);
    private static final Duration QUIET = Duration.ofMinutes(20);

    private final SettableClock clock = new SettableClock(Instant.parse("2026-12-02T08:00:00Z"));
    private final List<Wakeup> wakeups = new ArrayList<>();
    private final EngineFixture fixture = new EngineFixture(clock, TestDatabase.inMemory())
            .withMentionWakeups((persona, at) -> wakeups.add(new Wakeup(persona, at)));
    private final Account human = new Account("7", "operator", "Operator");
    private final MentionCadence cadence =
            new MentionCadence(ACTIVE, QUIET, Duration.ofMinutes(30), 0, firstDay -> List.of(), clock);

    private record Wakeup(PersonaId persona, Instant at) {}

    private Engine engine = started();

    private Engine started() {
        fixture.ensureStates();
        clock.advance(Duration.ofMinutes(1));
        return fixture.start();
    }

    private CastMentions cast(boolean enabled) {
        return new CastMentions(
                engine,
                fixture.catalog,
                fixture.states(),
                persona -> fixture.network.as(fixture.account(persona.id())),
                new JdbcCastCursors(JdbcClient.create(fixture.database), clock),
                enabled,
                (persona, at) -> wakeups.add(new Wakeup(persona, at)),
                clock);
    }

    private Instant checkMentions(PersonaId persona, boolean covered) {
        return PersonaTasks.checkMentions(engine, p -> covered, cadence, clock, persona)
                .orElseThrow();
    }

    @Nested
    class The_persona_task {

        @Test
        void of_a_covered_persona_without_waiting_replies_comes_back_after_six_persona_hours() {
            assertThat(checkMentions(JUNIPER, true)).isEqualTo(clock.instant().plus(MentionCadence.COVERED));
            assertThat(MentionCadence.COVERED).isEqualTo(Duration.ofHours(6));
        }

        @Test
        void of_a_covered_persona_on_a_database_other_nodes_share_keeps_the_usual_cadence() {
            Instant next = PersonaTasks.checkMentions(engine, p -> true, cadence, clock, JUNIPER, true)
                    .orElseThrow();

            assertThat(next).isEqualTo(clock.instant().plus(QUIET));
            assertThat(fixture.postsOf(JUNIPER)).as("covered: it only delivers").isEmpty();
        }

        @Test
        void of_a_persona_reading_its_own_mentions_keeps_the_active_and_quiet_cadence() {
            assertThat(checkMentions(JUNIPER, false)).isEqualTo(clock.instant().plus(QUIET));

            fixture.network.publish(human, "@juniper what are you reading?", null);

            assertThat(checkMentions(JUNIPER, false)).isEqualTo(clock.instant().plus(ACTIVE));
            assertThat(fixture.postsOf(JUNIPER)).hasSize(1);
        }

        @Test
        void is_stopped_for_a_paused_persona() {
            fixture.states().updateActive(JUNIPER, false);

            assertThat(PersonaTasks.checkMentions(engine, p -> true, cadence, clock, JUNIPER))
                    .isEmpty();
        }
    }

    @Nested
    class A_reply_left_waiting_by_the_cast_read {

        @Test
        void wakes_the_persona_at_its_next_attempt_when_its_task_delivers_it() {
            Post mention = fixture.network.publish(human, "@juniper @marlow which one of you reads more?", null);
            fixture.network.failNextPost(new ExternalServiceException.RateLimited("x", "429", Duration.ofMinutes(15)));
            Instant retryAt = clock.instant().plus(Duration.ofMinutes(15));

            CastMentions.CastCheck read = cast(true).read();

            assertThat(read.covered()).containsExactlyInAnyOrder(JUNIPER, MARLOW, TESS);
            List<PersonaId> waiting = fixture.postsOf(JUNIPER).isEmpty() ? List.of(JUNIPER) : List.of(MARLOW);
            PersonaId persona = waiting.getFirst();
            assertThat(fixture.postsOf(persona)).isEmpty();
            assertThat(wakeups).containsExactly(new Wakeup(persona, retryAt));

            assertThat(checkMentions(persona, true)).isEqualTo(retryAt);
            clock.advance(Duration.ofMinutes(15));
            assertThat(checkMentions(persona, true)).isEqualTo(clock.instant().plus(MentionCadence.COVERED));
            assertThat(fixture.postsOf(persona))
                    .singleElement()
                    .satisfies(reply -> assertThat(reply.inReplyToId()).isEqualTo(mention.id()));
        }

        @Test
        void wakes_nobody_when_it_goes_out_at_once_and_the_task_again_when_its_retry_fails() {
            fixture.network.publish(human, "@juniper still up?", null);
            cast(true).read();
            assertThat(wakeups).isEmpty();

            fixture.network.publish(human, "@juniper and now?", null);
            fixture.network.failNextPost(new ExternalServiceException.RateLimited("x", "429", Duration.ofMinutes(15)));
            cast(true).read();
            clock.advance(Duration.ofMinutes(15));
            fixture.network.failNextPost(new ExternalServiceException.RateLimited("x", "429", Duration.ofMinutes(15)));

            assertThat(checkMentions(JUNIPER, true)).isEqualTo(clock.instant().plus(Duration.ofMinutes(15)));
            assertThat(wakeups)
                    .extracting(Wakeup::at)
                    .containsExactly(clock.instant(), clock.instant().plus(Duration.ofMinutes(15)));
        }

        @Test
        void wakes_the_persona_when_it_came_from_anywhere_else_too() {
            Post post = fixture.network.publish(human, "rain again, a good day for reading", null);
            fixture.network.failNextPost(new ExternalServiceException.RateLimited("x", "429", Duration.ofMinutes(15)));

            fixture.wire().replies().reply(JUNIPER, post.id(), "rain and a long novel, yes");

            assertThat(fixture.postsOf(JUNIPER)).isEmpty();
            assertThat(wakeups)
                    .containsExactly(new Wakeup(JUNIPER, clock.instant().plus(Duration.ofMinutes(15))));
        }

        @Test
        void never_waits_longer_than_the_safety_interval() {
            MentionCadence shortSafety = new MentionCadence(
                    ACTIVE, QUIET, Duration.ofMinutes(30), Duration.ofMinutes(10), 0, firstDay -> List.of(), clock);
            fixture.network.publish(human, "@juniper still up?", null);
            fixture.network.failNextPost(new ExternalServiceException.RateLimited("x", "429", Duration.ofMinutes(15)));
            cast(true).read();

            assertThat(PersonaTasks.checkMentions(engine, p -> true, shortSafety, clock, JUNIPER))
                    .contains(clock.instant().plus(Duration.ofMinutes(10)));
        }
    }

    @Nested
    class The_cast_read {

        @Test
        void wakes_nobody_while_it_covers_every_active_persona_and_delivers_at_once() {
            fixture.network.publish(human, "@juniper hello", null);

            cast(true).read();

            assertThat(fixture.postsOf(JUNIPER)).hasSize(1);
            assertThat(wakeups).isEmpty();
        }

        @Test
        void wakes_the_personas_it_stops_covering_to_now() {
            CastMentions cast = cast(true);
            assertThat(cast.read().covered()).hasSize(3);
            fixture.states().updateActive(MARLOW, false);
            fixture.states().updateActive(TESS, false);

            assertThat(cast.read().covered()).isEmpty();

            assertThat(wakeups)
                    .containsExactlyInAnyOrder(
                            new Wakeup(JUNIPER, clock.instant()),
                            new Wakeup(MARLOW, clock.instant()),
                            new Wakeup(TESS, clock.instant()));
            assertThat(cast.covers(JUNIPER)).isFalse();
        }

        @Test
        void after_a_start_wakes_the_covered_personas_whose_replies_the_last_run_left_waiting() {
            fixture.network.publish(human, "@juniper still up?", null);
            fixture.network.failNextPost(new ExternalServiceException.RateLimited("x", "429", Duration.ofMinutes(15)));
            cast(true).read();
            Instant retryAt = clock.instant().plus(Duration.ofMinutes(15));
            wakeups.clear();
            engine = fixture.start();
            CastMentions restarted = cast(true);

            restarted.read();
            restarted.read();

            assertThat(wakeups).containsExactly(new Wakeup(JUNIPER, retryAt));
        }

        @Test
        void wakes_the_personas_whose_query_failed_for_good() {
            CastMentions cast = cast(true);
            cast.read();
            fixture.network.refuse(at -> Optional.of(new FakeNetwork.Refusal(
                    new ExternalServiceException.InvalidRequest("x", "400", null), false, true)));

            CastMentions.CastCheck check = cast.read();

            assertThat(check.covered()).isEmpty();
            assertThat(wakeups).extracting(Wakeup::persona).containsExactlyInAnyOrder(JUNIPER, MARLOW, TESS);
        }

        @Test
        void with_the_switch_off_wakes_every_active_persona_once() {
            CastMentions off = cast(false);

            off.read();
            off.read();

            assertThat(wakeups).extracting(Wakeup::persona).containsExactlyInAnyOrder(JUNIPER, MARLOW, TESS);
        }
    }

    @Nested
    class On_db_scheduler {

        private final Scheduler scheduler =
                PersonaTaskSchedulers.builder(fixture, engine, ACTIVE, clock).build();
        private final MentionWakeups wakeups = new SchedulerMentionWakeups(() -> scheduler);

        private Instant scheduledAt(PersonaId persona) {
            return scheduler
                    .getScheduledExecution(PersonaTasks.MENTIONS.instanceId(persona.value()))
                    .map(ScheduledExecution::getExecutionTime)
                    .orElseThrow();
        }

        private void schedule(PersonaId persona, Instant at) {
            scheduler.schedule(PersonaTasks.MENTIONS.instance(persona.value()).build(), at);
        }

        @Test
        void brings_a_later_mentions_task_forward_and_leaves_an_earlier_one() {
            Instant inSixHours = clock.instant().plus(MentionCadence.COVERED);
            Instant inAMinute = clock.instant().plus(ACTIVE);
            schedule(JUNIPER, inSixHours);
            schedule(MARLOW, inAMinute);

            wakeups.wake(JUNIPER, clock.instant().plus(Duration.ofMinutes(15)));
            wakeups.wake(MARLOW, clock.instant().plus(Duration.ofMinutes(15)));

            assertThat(scheduledAt(JUNIPER)).isEqualTo(clock.instant().plus(Duration.ofMinutes(15)));
            assertThat(scheduledAt(MARLOW)).isEqualTo(inAMinute);
        }

        @Test
        void leaves_a_running_task_alone_and_ignores_a_missing_one() {
            Instant inSixHours = clock.instant().plus(MentionCadence.COVERED);
            schedule(JUNIPER, inSixHours);
            JdbcClient.create(fixture.database)
                    .sql("UPDATE scheduled_tasks SET picked = TRUE, picked_by = 'node-2' WHERE task_instance = ?")
                    .param(JUNIPER.value())
                    .update();

            wakeups.wake(JUNIPER, clock.instant());
            wakeups.wake(TESS, clock.instant());

            assertThat(scheduledAt(JUNIPER)).isEqualTo(inSixHours);
            assertThat(scheduler.getScheduledExecution(PersonaTasks.MENTIONS.instanceId(TESS.value())))
                    .isEmpty();
        }

        @Test
        void never_throws_into_the_caller() {
            MentionWakeups broken = new SchedulerMentionWakeups(() -> {
                throw new IllegalStateException("no scheduler yet");
            });

            assertThatCode(() -> broken.wake(JUNIPER, clock.instant())).doesNotThrowAnyException();
        }
    }
}
