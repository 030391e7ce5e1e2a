package dev.puppetengine.agent.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.puppetengine.shared.SettableClock;
import dev.puppetengine.shared.TestDatabase;
import java.time.Instant;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

class JdbcCastCursorsTest {

    private final DataSource database = TestDatabase.inMemory();
    private final SettableClock clock = new SettableClock(Instant.parse("2026-12-01T10:00:00Z"));

    private JdbcCastCursors cursors() {
        return new JdbcCastCursors(JdbcClient.create(database), clock);
    }

    @Test
    void keeps_one_since_id_per_query_that_moves_only_forwards_and_survives_a_restart() {
        JdbcCastCursors cursors = cursors();
        cursors.advance("@ada OR @bob", "1000");
        cursors.advance("@ada OR @bob", "999");
        cursors.advance("@ada OR @bob", "10001");
        cursors.advance("@cy OR @dan", "5");

        JdbcCastCursors restarted = cursors();
        assertThat(restarted.find("@ada OR @bob")).contains("10001");
        assertThat(restarted.find("@cy OR @dan")).contains("5");
        assertThat(restarted.find("@ada OR @bob OR @cy")).isEmpty();
    }
}
