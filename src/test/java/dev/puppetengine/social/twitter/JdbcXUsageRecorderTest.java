package dev.puppetengine.social.twitter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.puppetengine.persona.PersonaId;
import dev.puppetengine.shared.SettableClock;
import dev.puppetengine.shared.TestDatabase;
import dev.puppetengine.social.XUsage;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

class JdbcXUsageRecorderTest {

    private final JdbcClient jdbc = JdbcClient.create(TestDatabase.inMemory());
    private final SettableClock clock = new SettableClock(Instant.parse("2026-11-25T23:59:00Z"));
    private final JdbcXUsageRecorder usage = new JdbcXUsageRecorder(jdbc, clock);

    private List<String> rows() {
        return jdbc.sql("SELECT persona_id, usage_day, endpoint, requests FROM x_usage"
                        + " ORDER BY usage_day, persona_id, endpoint")
                .query((rs, n) -> rs.getString(1) + " " + rs.getString(2) + " " + rs.getString(3) + " " + rs.getInt(4))
                .list();
    }

    @Test
    void counts_requests_per_persona_endpoint_and_utc_day() {
        usage.recordRequest(PersonaId.of("ada"), XEndpoint.MENTIONS);
        usage.recordRequest(PersonaId.of("ada"), XEndpoint.MENTIONS);
        usage.recordRequest(PersonaId.of("ada"), XEndpoint.CREATE_POST);
        usage.recordRequest(PersonaId.of("bob"), XEndpoint.MENTIONS);
        clock.advance(Duration.ofMinutes(2));
        usage.recordRequest(PersonaId.of("ada"), XEndpoint.MENTIONS);

        assertThat(rows())
                .containsExactly(
                        "ada 2026-11-25 create-post 1",
                        "ada 2026-11-25 mentions 2",
                        "bob 2026-11-25 mentions 1",
                        "ada 2026-11-26 mentions 1");
    }

    @Test
    void reports_requests_per_persona_and_endpoint_from_a_day_on_with_writes_marked() {
        usage.recordRequest(PersonaId.of("ada"), XEndpoint.MENTIONS);
        usage.recordRequest(PersonaId.of("ada"), XEndpoint.LIKE);
        clock.advance(Duration.ofMinutes(2));
        usage.recordRequest(PersonaId.of("ada"), XEndpoint.MENTIONS);
        usage.recordRequest(PersonaId.of("ada"), XEndpoint.CREATE_POST);
        usage.recordRequest(PersonaId.of("bob"), XEndpoint.DELETE_POST);

        assertThat(usage.listRequestsSince(LocalDate.of(2026, 11, 25)))
                .containsExactly(
                        new XUsage.Requests("ada", "create-post", true, 1),
                        new XUsage.Requests("ada", "like", true, 1),
                        new XUsage.Requests("ada", "mentions", false, 2),
                        new XUsage.Requests("bob", "delete-post", true, 1));
        assertThat(usage.listRequestsSince(LocalDate.of(2026, 11, 26)))
                .containsExactly(
                        new XUsage.Requests("ada", "create-post", true, 1),
                        new XUsage.Requests("ada", "mentions", false, 1),
                        new XUsage.Requests("bob", "delete-post", true, 1));
    }

    @Test
    void counts_the_cast_search_on_a_line_of_its_own() {
        usage.recordCastRequest(XEndpoint.SEARCH_RECENT);
        usage.recordCastRequest(XEndpoint.SEARCH_RECENT);
        usage.recordRequest(PersonaId.of("ada"), XEndpoint.SEARCH_RECENT);

        assertThat(usage.listRequestsSince(LocalDate.of(2026, 11, 25)))
                .containsExactly(
                        new XUsage.Requests(XUsage.CAST, "search-recent", false, 2),
                        new XUsage.Requests("ada", "search-recent", false, 1));
    }
}
