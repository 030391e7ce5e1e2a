package dev.puppetengine.agent.scheduling;

import static org.assertj.core.api.Assertions.assertThat;

import dev.puppetengine.agent.CastMentions;
import dev.puppetengine.agent.Engine;
import dev.puppetengine.persona.PersonaId;
import dev.puppetengine.shared.SettableClock;
import dev.puppetengine.social.XUsage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MentionCadenceTest {

    private static final PersonaId ADA = PersonaId.of("ada");
    private static final PersonaId BOB = PersonaId.of("bob");
    private static final Engine.MentionCheck QUIET = new Engine.MentionCheck(0, true, 0);
    private static final Engine.MentionCheck BUSY = new Engine.MentionCheck(1, true, 1);

    private final SettableClock clock = new SettableClock(Instant.parse("2026-12-16T00:00:00Z"));
    private final List<XUsage.Requests> usage = new ArrayList<>();

    private MentionCadence cadence(long budget) {
        return new MentionCadence(
                Duration.ofMinutes(1),
                Duration.ofMinutes(20),
                Duration.ofMinutes(30),
                budget,
                firstDay -> List.copyOf(usage),
                clock);
    }

    @Test
    void polls_fast_while_a_conversation_is_active_and_slow_when_quiet() {
        MentionCadence cadence = cadence(0);

        assertThat(cadence.next(ADA, QUIET)).isEqualTo(Duration.ofMinutes(20));
        assertThat(cadence.next(ADA, BUSY)).isEqualTo(Duration.ofMinutes(1));
        clock.advance(Duration.ofMinutes(29));
        assertThat(cadence.next(ADA, QUIET)).isEqualTo(Duration.ofMinutes(1));
        clock.advance(Duration.ofMinutes(2));
        assertThat(cadence.next(ADA, QUIET)).isEqualTo(Duration.ofMinutes(20));
        assertThat(cadence.next(PersonaId.of("bob"), QUIET)).isEqualTo(Duration.ofMinutes(20));
    }

    @Test
    void slows_down_as_the_monthly_budget_runs_down_and_stops_when_it_is_used_up() {
        MentionCadence cadence = cadence(100_000);
        assertThat(cadence.next(ADA, BUSY)).isEqualTo(Duration.ofMinutes(1));

        usage.add(new XUsage.Requests("ada", "mentions", false, 99_900));
        usage.add(new XUsage.Requests("ada", "create-post", true, 500));
        // 100 reads left for 16 days: 50 checks, one every 7.68 hours
        assertThat(cadence.next(ADA, BUSY)).isEqualTo(Duration.ofDays(16).dividedBy(50));

        usage.add(new XUsage.Requests("ada", "get-post", false, 100));
        assertThat(cadence.next(ADA, BUSY)).isEqualTo(Duration.ofDays(16));
    }

    @Test
    void a_covered_persona_waits_for_its_first_waiting_reply_at_most_the_safety_interval() {
        MentionCadence cadence = cadence(0);
        Instant now = clock.instant();

        assertThat(cadence.nextCovered(QUIET)).isEqualTo(MentionCadence.COVERED);
        assertThat(cadence.nextCovered(withReplyDue(now.plus(Duration.ofMinutes(15)))))
                .isEqualTo(Duration.ofMinutes(15));
        assertThat(cadence.nextCovered(withReplyDue(now.plus(Duration.ofHours(9)))))
                .isEqualTo(MentionCadence.COVERED);
        assertThat(cadence.nextCovered(withReplyDue(now.minusSeconds(5)))).isEqualTo(Duration.ZERO);
        assertThat(cadence.next(ADA, withReplyDue(now.plus(Duration.ofMinutes(15)))))
                .isEqualTo(Duration.ofMinutes(20));
    }

    private static Engine.MentionCheck withReplyDue(Instant due) {
        return new Engine.MentionCheck(0, true, 0, null, due);
    }

    @Test
    void the_cast_search_is_fast_while_any_conversation_of_the_cast_is_active() {
        MentionCadence cadence = cadence(0);
        CastMentions.CastCheck quiet = new CastMentions.CastCheck(List.of(ADA, BOB), 0, 0);

        assertThat(cadence.nextForCast(quiet)).isEqualTo(Duration.ofMinutes(20));
        assertThat(cadence.nextForCast(new CastMentions.CastCheck(List.of(ADA, BOB), 1, 1)))
                .isEqualTo(Duration.ofMinutes(1));
        clock.advance(Duration.ofMinutes(29));
        assertThat(cadence.nextForCast(quiet)).isEqualTo(Duration.ofMinutes(1));
        clock.advance(Duration.ofMinutes(2));
        assertThat(cadence.nextForCast(quiet)).isEqualTo(Duration.ofMinutes(20));
    }

    @Test
    void the_cast_search_spends_the_budgets_of_the_personas_it_covers_together() {
        MentionCadence cadence = cadence(50);
        CastMentions.CastCheck busy = new CastMentions.CastCheck(List.of(ADA, BOB), 1, 1);

        usage.add(new XUsage.Requests(XUsage.CAST, "search-recent", false, 60));
        usage.add(new XUsage.Requests("bob", "users-me", false, 20));
        usage.add(new XUsage.Requests("cy", "mentions", false, 1_000));
        // 2 x 50 reads, 80 spent by the cast and its personas: 20 left for 16 days, 10 checks
        assertThat(cadence.nextForCast(busy)).isEqualTo(Duration.ofDays(16).dividedBy(10));

        usage.add(new XUsage.Requests(XUsage.CAST, "search-recent", false, 20));
        assertThat(cadence.nextForCast(busy)).isEqualTo(Duration.ofDays(16));
    }
}
