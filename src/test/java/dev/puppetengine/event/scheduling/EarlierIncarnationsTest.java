package dev.puppetengine.event.scheduling;

import static org.assertj.core.api.Assertions.assertThat;

import dev.puppetengine.shared.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/** What a restarted node releases of the executions its killed run left picked, on a real H2 database. */
class EarlierIncarnationsTest {

    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");
    private static final Instant STALE_BEFORE = NOW.minus(Duration.ofSeconds(4));

    private final DataSource database = TestDatabase.inMemory();
    private final JdbcClient jdbc = JdbcClient.create(database);
    private final EarlierIncarnations incarnations = new EarlierIncarnations(database, "node-a");

    private void picked(String instance, @Nullable String pickedBy, @Nullable Instant heartbeat) {
        jdbc.sql("INSERT INTO scheduled_tasks (task_name, task_instance, execution_time, picked, picked_by,"
                        + " last_heartbeat, version) VALUES ('post-due', :instance, :due, :picked, :by, :beat, 3)")
                .param("instance", instance)
                .param("due", NOW.minus(Duration.ofMinutes(1)).atOffset(ZoneOffset.UTC))
                .param("picked", pickedBy != null)
                .param("by", pickedBy, java.sql.Types.VARCHAR)
                .param(
                        "beat",
                        heartbeat == null ? null : heartbeat.atOffset(ZoneOffset.UTC),
                        java.sql.Types.TIMESTAMP_WITH_TIMEZONE)
                .update();
    }

    private List<String> stillPicked() {
        return jdbc.sql("SELECT task_instance FROM scheduled_tasks WHERE picked = TRUE ORDER BY task_instance")
                .query((row, n) -> String.valueOf(row.getString(1)))
                .list();
    }

    @Test
    void releases_what_a_killed_run_of_this_node_left_picked_and_keeps_its_execution_time() {
        picked("killed", "node-a#earlier", NOW.minus(Duration.ofMinutes(3)));
        picked("never-beat", "node-a#earlier", null);

        assertThat(incarnations.releaseStale(STALE_BEFORE)).isEqualTo(2);

        assertThat(stillPicked()).isEmpty();
        assertThat(jdbc.sql("SELECT execution_time FROM scheduled_tasks WHERE task_instance = 'killed'")
                        .query(java.time.OffsetDateTime.class)
                        .single()
                        .toInstant())
                .isEqualTo(NOW.minus(Duration.ofMinutes(1)));
    }

    @Test
    void keeps_executions_with_a_fresh_heartbeat_those_of_other_nodes_and_its_own() {
        picked("alive-same-host", "node-a#other", NOW.minus(Duration.ofSeconds(1)));
        picked("other-node", "node-b#earlier", NOW.minus(Duration.ofMinutes(3)));
        picked("prefix-only", "node-ab#earlier", NOW.minus(Duration.ofMinutes(3)));
        picked("mine", incarnations.schedulerName(), NOW.minus(Duration.ofMinutes(3)));
        picked("unpicked", null, null);

        assertThat(incarnations.releaseStale(STALE_BEFORE)).isZero();

        assertThat(stillPicked()).containsExactly("alive-same-host", "mine", "other-node", "prefix-only");
    }

    @Test
    void names_each_start_differently_within_the_picked_by_column() {
        EarlierIncarnations again = new EarlierIncarnations(database, EarlierIncarnations.hostNode());

        assertThat(again.schedulerName())
                .startsWith(EarlierIncarnations.hostNode() + "#")
                .hasSizeLessThanOrEqualTo(50)
                .isNotEqualTo(new EarlierIncarnations(database, EarlierIncarnations.hostNode()).schedulerName());
    }
}
