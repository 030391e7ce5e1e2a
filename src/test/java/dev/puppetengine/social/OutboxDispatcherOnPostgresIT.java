package dev.puppetengine.social;

import static org.assertj.core.api.Assertions.assertThat;

import dev.puppetengine.persona.PersonaId;
import dev.puppetengine.shared.SettableClock;
import dev.puppetengine.shared.TestDatabase;
import dev.puppetengine.social.jdbc.JdbcOutbox;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Two nodes' dispatchers (each its own outbox on one PostgreSQL) delivering one item at once: while node A's send is
 * under way, node B — holding the item as it read it before — neither claims a pending item nor reclaims an
 * interrupted one, so the network gets one post.
 */
class OutboxDispatcherOnPostgresIT {

    private static final PersonaId ADA = PersonaId.of("ada");
    private static final Account ADA_ACCOUNT = new Account("11", "ada", "Ada");
    private static final Duration IN_FLIGHT = Duration.ofSeconds(40);
    private static EmbeddedPostgres postgres;

    private final SettableClock clock = new SettableClock(Instant.parse("2026-11-25T08:00:00Z"));
    private final FakeNetwork network = new FakeNetwork(clock);
    private final CountDownLatch sending = new CountDownLatch(1);
    private final CountDownLatch answer = new CountDownLatch(1);
    private Outbox outboxA;
    private Outbox outboxB;

    @BeforeAll
    static void start_postgres() {
        postgres = TestDatabase.startPostgres();
    }

    @AfterAll
    static void stop_postgres() throws IOException {
        postgres.close();
    }

    @BeforeEach
    void empty_outbox() {
        JdbcClient.create(postgres.getPostgresDatabase())
                .sql("DELETE FROM outbox")
                .update();
        outboxA = new JdbcOutbox(JdbcClient.create(postgres.getPostgresDatabase()), clock);
        outboxB = new JdbcOutbox(JdbcClient.create(postgres.getPostgresDatabase()), clock);
    }

    @Test
    void a_pending_item_is_claimed_by_one_node_only() throws Exception {
        OutboxItem item = outboxA.enqueue(OutboxItem.Draft.post(ADA, "post:ada:1", "tea is a mood"));

        assertOneSend(item);
    }

    @Test
    void an_interrupted_send_is_reclaimed_and_resent_by_one_node_only() throws Exception {
        OutboxItem item = outboxA.enqueue(OutboxItem.Draft.post(ADA, "post:ada:1", "tea is a mood"));
        outboxA.markDispatching(item.id(), clock.instant());
        clock.advance(IN_FLIGHT);

        assertOneSend(outboxA.find(item.id()).orElseThrow());
    }

    /** Node A sends {@code asRead}; while its post is under way node B delivers the same copy. */
    private void assertOneSend(OutboxItem asRead) throws Exception {
        CompletableFuture<OutboxItem> nodeA = CompletableFuture.supplyAsync(
                () -> new OutboxDispatcher(outboxA, clock, IN_FLIGHT).deliver(asRead, answeringLate()));
        assertThat(sending.await(30, TimeUnit.SECONDS)).isTrue();

        OutboxItem seenByB = new OutboxDispatcher(outboxB, clock, IN_FLIGHT).deliver(asRead, network.as(ADA_ACCOUNT));

        assertThat(seenByB.status()).isEqualTo(OutboxStatus.DISPATCHING);
        answer.countDown();
        OutboxItem delivered = nodeA.get(30, TimeUnit.SECONDS);
        assertThat(delivered.status()).isEqualTo(OutboxStatus.POSTED);
        assertThat(network.posts()).extracting(Post::text).containsExactly("tea is a mood");
        assertThat(network.postRequests()).isEqualTo(1);
    }

    /** Ada's account on the network, whose answer to a post waits until {@link #answer} opens. */
    private SocialNetwork answeringLate() {
        SocialNetwork ada = network.as(ADA_ACCOUNT);
        return (SocialNetwork) Proxy.newProxyInstance(
                SocialNetwork.class.getClassLoader(), new Class<?>[] {SocialNetwork.class}, (proxy, method, args) -> {
                    if (method.getName().equals("post")) {
                        sending.countDown();
                        if (!answer.await(30, TimeUnit.SECONDS)) {
                            throw new IllegalStateException("never answered");
                        }
                    }
                    try {
                        return method.invoke(ada, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
