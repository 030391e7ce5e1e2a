package dev.puppetengine.social.twitter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.puppetengine.persona.PersonaId;
import dev.puppetengine.shared.SettableClock;
import dev.puppetengine.shared.TestDatabase;
import dev.puppetengine.social.XUsage;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DelegatingDataSource;

class JdbcXUsageRecorderTest {

    private final DataSource dataSource = TestDatabase.inMemory();
    private final JdbcClient jdbc = JdbcClient.create(dataSource);
    private final SettableClock clock = new SettableClock(Instant.parse("2026-11-25T23:59:00Z"));
    private final JdbcXUsageRecorder usage = new JdbcXUsageRecorder(dataSource, clock);

    private List<String> rows() {
        usage.flush();
        return storedRows();
    }

    private List<String> storedRows() {
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

    @Test
    void keeps_counts_in_memory_until_a_flush_and_adds_them_to_the_stored_rows() {
        usage.recordRequest(PersonaId.of("ada"), XEndpoint.MENTIONS);
        usage.recordRequest(PersonaId.of("ada"), XEndpoint.MENTIONS);

        assertThat(storedRows()).isEmpty();

        usage.flush();
        usage.recordRequest(PersonaId.of("ada"), XEndpoint.MENTIONS);
        usage.recordRequest(PersonaId.of("bob"), XEndpoint.CREATE_POST);
        usage.flush();
        usage.flush();

        assertThat(storedRows()).containsExactly("ada 2026-11-25 mentions 3", "bob 2026-11-25 create-post 1");
    }

    @Test
    void a_read_of_the_usage_includes_the_counts_not_written_yet() {
        usage.recordRequest(PersonaId.of("ada"), XEndpoint.MENTIONS);

        assertThat(usage.listRequestsSince(LocalDate.of(2026, 11, 25)))
                .containsExactly(new XUsage.Requests("ada", "mentions", false, 1));
    }

    @Test
    void closing_writes_what_is_pending() {
        var flushing = new JdbcXUsageRecorder(dataSource, clock).flushingEvery(Duration.ofHours(1));
        flushing.recordRequest(PersonaId.of("ada"), XEndpoint.LIKE);

        flushing.close();

        assertThat(storedRows()).containsExactly("ada 2026-11-25 like 1");
    }

    @Test
    void a_flush_that_fails_keeps_its_counts_for_the_next_one() throws Exception {
        AtomicBoolean down = new AtomicBoolean(true);
        DataSource flaky = new DelegatingDataSource(dataSource) {
            @Override
            public Connection getConnection() throws SQLException {
                if (down.get()) {
                    throw new SQLException("database down");
                }
                return super.getConnection();
            }
        };
        var recorder = new JdbcXUsageRecorder(flaky, clock);
        recorder.recordRequest(PersonaId.of("ada"), XEndpoint.MENTIONS);

        assertThatThrownBy(recorder::flush).hasMessageContaining("database down");
        recorder.recordRequest(PersonaId.of("ada"), XEndpoint.MENTIONS);
        down.set(false);
        recorder.flush();

        assertThat(storedRows()).containsExactly("ada 2026-11-25 mentions 2");
    }
}
