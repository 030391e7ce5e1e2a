package dev.puppetengine.agent.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.puppetengine.agent.PersonaBusyException;
import dev.puppetengine.shared.TestDatabase;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The persona leases on a real PostgreSQL (zonky): the contract, and two nodes (two adapters with different ids on
 * one database) contending for one persona, a lease left by a dead node taken over once it expired, the heartbeat
 * keeping a held lease, and a node id held by a live node refused.
 */
class PersonaLeasesOnPostgresIT extends PersonaLocksContract {

    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static EmbeddedPostgres postgres;

    @BeforeAll
    static void start_postgres() throws IOException {
        postgres = EmbeddedPostgres.builder().start();
    }

    @AfterAll
    static void stop_postgres() throws IOException {
        postgres.close();
    }

    @Override
    DataSource freshDatabase() throws Exception {
        return TestDatabase.migrate(
                TestDatabase.createPostgresDatabase(postgres, "leases_" + DATABASES.incrementAndGet()));
    }

    @Override
    boolean cluster() {
        return true;
    }

    @Test
    void two_nodes_never_run_one_persona_at_once() throws Exception {
        node("node-b");

        assertSecondWaitsForFirst(locks, leases("node-b", Duration.ofSeconds(30)));

        assertThat(nodes.findLastNode(ALICE)).contains("node-b");
    }

    @Test
    void a_node_gives_up_after_its_wait_while_another_node_runs_the_persona() {
        node("node-b");
        JdbcPersonaLeases nodeB = leases("node-b", Duration.ofMillis(100));

        String outcome = locks.holding(ALICE, () -> {
            assertThatThrownBy(() -> nodeB.holding(ALICE, () -> "ran"))
                    .isInstanceOf(PersonaBusyException.class)
                    .hasMessageContaining("node-a");
            return "node-a ran alone";
        });

        assertThat(outcome).isEqualTo("node-a ran alone");
        assertThat(nodeB.holding(ALICE, () -> "ran")).isEqualTo("ran");
    }

    @Test
    void the_lease_of_a_dead_node_is_taken_over_once_it_expired() {
        JdbcPersonaLeases dead = leases("node-dead", Duration.ofSeconds(30));
        assertThat(dead.tryTake(ALICE)).isTrue();
        JdbcPersonaLeases nodeB = leases("node-b", Duration.ofMillis(100));
        assertThatThrownBy(() -> nodeB.holding(ALICE, () -> "ran")).isInstanceOf(PersonaBusyException.class);

        // node-dead beats no more: its lease runs out
        jdbc.sql("UPDATE persona_lease SET expires_at = CURRENT_TIMESTAMP - INTERVAL '1' SECOND")
                .update();

        assertThat(nodeB.holding(ALICE, () -> "taken over")).isEqualTo("taken over");
        assertThat(nodes.findLastNode(ALICE)).contains("node-b");
    }

    @Test
    void the_heartbeat_keeps_the_leases_a_node_holds() {
        JdbcPersonaLeases nodeB = leases("node-b", Duration.ofMillis(100));
        String outcome = locks.holding(ALICE, () -> {
            jdbc.sql("UPDATE persona_lease SET expires_at = CURRENT_TIMESTAMP + INTERVAL '1' SECOND")
                    .update();
            nodes.beat();
            OffsetDateTime expires = jdbc.sql("SELECT expires_at FROM persona_lease WHERE persona_id = 'alice'")
                    .query(OffsetDateTime.class)
                    .single();
            OffsetDateTime now = jdbc.sql("SELECT CURRENT_TIMESTAMP")
                    .query(OffsetDateTime.class)
                    .single();
            assertThat(expires).isAfter(now.plusSeconds(JdbcPersonaLeases.LEASE_SECONDS - 5));
            return "held";
        });
        assertThat(outcome).isEqualTo("held");
        assertThat(nodeB.holding(ALICE, () -> "released at the end")).isEqualTo("released at the end");
    }

    @Test
    void a_clean_stop_releases_the_leases_of_the_node() {
        assertThat(leases("node-a", Duration.ofSeconds(1)).tryTake(BOB)).isTrue();

        nodes.stopped();

        assertThat(leases("node-b", Duration.ofMillis(1)).tryTake(BOB)).isTrue();
    }

    @Test
    void a_node_id_held_by_a_live_node_elsewhere_is_refused() {
        JdbcEngineNodes elsewhere = new JdbcEngineNodes(jdbc, "node-a", "other-host", 4242, true);

        assertThatThrownBy(elsewhere::register)
                .isInstanceOf(JdbcEngineNodes.NodeIdInUseException.class)
                .hasMessageContaining("'node-a'")
                .hasMessageContaining("host-node-a");
    }

    @Test
    void a_node_id_left_by_a_killed_run_on_this_host_or_a_stopped_node_is_taken() throws Exception {
        Process finished = new ProcessBuilder("true").start();
        finished.waitFor();
        JdbcEngineNodes killed = new JdbcEngineNodes(jdbc, "node-k", "this-host", finished.pid(), true);
        killed.register();

        new JdbcEngineNodes(jdbc, "node-k", "this-host", ProcessHandle.current().pid(), true).register();

        nodes.stopped();
        new JdbcEngineNodes(jdbc, "node-a", "other-host", 4242, true).register();
        assertThat(nodes.countAlive()).isEqualTo(2);
    }
}
