package dev.puppetengine.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.puppetengine.persona.PersonaId;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The background worker: all at once while the node keeps up, one batch per pause while it is behind. */
class EmbeddingPipelineTest {

    private static final int BATCH = 4;
    private static final Duration WAIT = Duration.ofSeconds(20);

    private final MemoryFixture memory = MemoryFixture.onH2(new HashingEmbedder(64), MemoryProperties.DEFAULTS);
    private final AtomicBoolean behind = new AtomicBoolean(true);
    private final AtomicInteger pauses = new AtomicInteger();
    private final Semaphore resume = new Semaphore(0);

    private EmbeddingPipeline pipeline() {
        return new EmbeddingPipeline(memory.store, memory.embedder, memory.recall, BATCH, behind::get, () -> {
            pauses.incrementAndGet();
            resume.acquire();
        });
    }

    private void store(int count) {
        for (int i = 0; i < count; i++) {
            memory.store.add(new Memory(
                    0,
                    PersonaId.of("ada"),
                    MemoryKind.EVENT,
                    "memory " + i,
                    0.5,
                    0,
                    MemoryStoreContract.T0.plusSeconds(i),
                    List.of(),
                    null));
        }
    }

    private int pending() {
        return memory.store
                .listNeedingEmbedding(memory.embedder.modelName(), 100)
                .size();
    }

    @Test
    void while_the_node_is_behind_it_embeds_one_batch_per_pause_and_the_rest_at_once_when_it_catches_up() {
        store(3 * BATCH);
        try (EmbeddingPipeline pipeline = pipeline()) {
            pipeline.start();

            await().atMost(WAIT).until(() -> pauses.get() == 1);
            assertThat(pending()).as("one batch, then a pause").isEqualTo(2 * BATCH);

            resume.release();
            await().atMost(WAIT).until(() -> pauses.get() == 2);
            assertThat(pending()).isEqualTo(BATCH);

            behind.set(false);
            resume.release();
            await().atMost(WAIT).until(() -> pending() == 0);
            assertThat(pauses.get()).as("no pause once the node keeps up").isEqualTo(2);
        }
    }

    @Test
    void embed_pending_on_the_calling_thread_never_pauses() {
        store(3 * BATCH);

        assertThat(pipeline().embedPending()).isEqualTo(3 * BATCH);

        assertThat(pending()).isZero();
        assertThat(pauses.get()).isZero();
    }
}
