package dev.puppetengine.agent.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.puppetengine.agent.EngineNodes;
import dev.puppetengine.agent.PersonaLocks;
import dev.puppetengine.persona.PersonaId;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The {@link PersonaLocks} contract with the node registry ({@link JdbcEngineNodes}), run on H2 (the in-process lock
 * alone) and on PostgreSQL (the lease): one step per persona at a time, reentrant, released after a failure, and the
 * node each persona last ran on.
 */
abstract class PersonaLocksContract {

    static final PersonaId ALICE = PersonaId.of("alice");
    static final PersonaId BOB = PersonaId.of("bob");

    DataSource database;
    JdbcClient jdbc;
    JdbcEngineNodes nodes;
    PersonaLocks locks;

    /** A fresh, migrated database. */
    abstract DataSource freshDatabase() throws Exception;

    /** Whether it is the cluster database (the lease is used). */
    abstract boolean cluster();

    @BeforeEach
    void open() throws Exception {
        database = freshDatabase();
        jdbc = JdbcClient.create(database);
        nodes = node("node-a");
        locks = leases("node-a", Duration.ofSeconds(30));
    }

    JdbcEngineNodes node(String id) {
        JdbcEngineNodes node = new JdbcEngineNodes(
                jdbc, id, "host-" + id, ProcessHandle.current().pid(), cluster());
        node.register();
        return node;
    }

    JdbcPersonaLeases leases(String nodeId, Duration maxWait) {
        return new JdbcPersonaLeases(jdbc, nodeId, cluster(), maxWait);
    }

    @Test
    void runs_the_step_and_returns_its_result() {
        assertThat(locks.holding(ALICE, () -> "posted")).isEqualTo("posted");
    }

    @Test
    void a_step_of_the_persona_on_the_same_thread_runs_inside_another() {
        assertThat(locks.holding(ALICE, () -> locks.holding(ALICE, () -> "nested")))
                .isEqualTo("nested");
        assertThat(locks.holding(ALICE, () -> "after")).isEqualTo("after");
    }

    @Test
    void a_second_step_of_one_persona_waits_until_the_first_ends() throws Exception {
        assertSecondWaitsForFirst(locks, locks);
    }

    @Test
    void steps_of_different_personas_run_at_the_same_time() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<String> alice = CompletableFuture.supplyAsync(() -> locks.holding(ALICE, () -> {
            entered.countDown();
            return awaitLatch(release, "alice");
        }));
        awaitLatch(entered, "");

        assertThat(locks.holding(BOB, () -> "bob")).isEqualTo("bob");

        release.countDown();
        assertThat(alice.get(30, TimeUnit.SECONDS)).isEqualTo("alice");
    }

    @Test
    void a_failed_step_frees_the_persona() {
        assertThatThrownBy(() -> locks.holding(ALICE, () -> {
                    throw new IllegalStateException("model down");
                }))
                .hasMessage("model down");

        assertThat(leases("node-b", Duration.ofMillis(1)).holding(ALICE, () -> "next"))
                .isEqualTo("next");
    }

    @Test
    void records_the_node_each_persona_last_ran_on() {
        assertThat(nodes.findLastNode(ALICE)).isEmpty();

        locks.holding(ALICE, () -> "step");

        assertThat(nodes.findLastNode(ALICE)).contains("node-a");
        assertThat(nodes.listLastNodes()).containsEntry(ALICE, "node-a").doesNotContainKey(BOB);
        assertThat(nodes.listNodes()).singleElement().satisfies(node -> {
            assertThat(node.id()).isEqualTo("node-a");
            assertThat(node.host()).isEqualTo("host-node-a");
            assertThat(node.alive()).isTrue();
            assertThat(node.personas()).isEqualTo(1);
        });
    }

    @Test
    void a_node_beats_and_a_clean_stop_shows_it_stopped() {
        nodes.beat();
        assertThat(nodes.countAlive()).isEqualTo(1);

        nodes.stopped();

        assertThat(nodes.countAlive()).isZero();
        assertThat(nodes.listNodes())
                .singleElement()
                .extracting(EngineNodes.EngineNode::alive)
                .isEqualTo(false);
    }

    @Test
    void a_node_without_a_heartbeat_for_ten_seconds_is_not_alive() {
        jdbc.sql("UPDATE engine_node SET heartbeat_at = CURRENT_TIMESTAMP - INTERVAL '11' SECOND")
                .update();

        assertThat(nodes.countAlive()).isZero();

        nodes.beat();
        assertThat(nodes.countAlive()).isEqualTo(1);
    }

    /** {@code second} starts a step while {@code first} holds alice, and runs it only after the first ended. */
    void assertSecondWaitsForFirst(PersonaLocks first, PersonaLocks second) throws Exception {
        List<String> order = new CopyOnWriteArrayList<>();
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<String> one = CompletableFuture.supplyAsync(() -> first.holding(ALICE, () -> {
            order.add("first starts");
            awaitLatch(release, "");
            order.add("first ends");
            return "first";
        }));
        await().until(() -> order.contains("first starts"));
        Thread waiting = new Thread(() -> second.holding(ALICE, () -> order.add("second starts")));
        waiting.start();
        await().until(() ->
                waiting.getState() == Thread.State.WAITING || waiting.getState() == Thread.State.TIMED_WAITING);
        assertThat(order).containsExactly("first starts");

        release.countDown();
        waiting.join(30_000);

        assertThat(one.get(30, TimeUnit.SECONDS)).isEqualTo("first");
        assertThat(order).containsExactly("first starts", "first ends", "second starts");
    }

    static String awaitLatch(CountDownLatch latch, String result) {
        try {
            if (!latch.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("never released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return result;
    }
}
