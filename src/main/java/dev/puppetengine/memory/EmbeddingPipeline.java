package dev.puppetengine.memory;

import dev.puppetengine.llm.Embedder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Computes memory embeddings off the hot path: a virtual thread, woken by {@link #wake()}, embeds in batches every
 * memory the store lists as not embedded by the current model (it also looks every ten seconds, for memories
 * stored straight into the store) — new memories, and all of them after a model
 * change — saves the vectors and hands them to the recall index. The database is the queue, so nothing is lost on a
 * restart. {@link #embedPending()} does the same work on the calling thread. While persona steps wait for a core
 * ({@code behind}: the node is behind its schedule) the worker embeds one batch per {@link #PACE_WHILE_BEHIND}
 * instead of all at once: an unembedded memory is still recalled by recency and importance, a late post is late
 * (a cast of 10,000 starting has tens of thousands of first memories to embed, a third of a core for minutes).
 */
public final class EmbeddingPipeline implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddingPipeline.class);
    private static final Duration POLL = Duration.ofSeconds(10);
    /** How long the worker waits between batches while the node is behind its schedule. */
    static final Duration PACE_WHILE_BEHIND = Duration.ofSeconds(1);

    private final MemoryStore store;
    private final Embedder embedder;
    private final Recall recall;
    private final int batchSize;
    private final BooleanSupplier behind;
    private final Pause pause;
    private final Semaphore signal = new Semaphore(0);
    private final ReentrantLock working = new ReentrantLock();
    private volatile boolean running;
    private @Nullable Thread worker;

    /** A worker that never paces itself. */
    public EmbeddingPipeline(MemoryStore store, Embedder embedder, Recall recall, int batchSize) {
        this(store, embedder, recall, batchSize, () -> false);
    }

    /** @param behind whether the node is behind its schedule now (the worker then paces itself) */
    public EmbeddingPipeline(
            MemoryStore store, Embedder embedder, Recall recall, int batchSize, BooleanSupplier behind) {
        this(store, embedder, recall, batchSize, behind, () -> Thread.sleep(PACE_WHILE_BEHIND.toMillis()));
    }

    /** The wait between two batches while the node is behind. */
    @FunctionalInterface
    interface Pause {
        void await() throws InterruptedException;
    }

    EmbeddingPipeline(
            MemoryStore store, Embedder embedder, Recall recall, int batchSize, BooleanSupplier behind, Pause pause) {
        this.behind = behind;
        this.pause = pause;
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be positive: " + batchSize);
        }
        this.store = store;
        this.embedder = embedder;
        this.recall = recall;
        this.batchSize = batchSize;
    }

    /** Starts the background worker, which first catches up with everything not yet embedded. */
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        // a platform thread: the model runs in native code for a batch at a time, which would hold a virtual thread's
        // carrier (one of as many as there are cores) for the whole batch
        worker = Thread.ofPlatform().name("memory-embedding").daemon().start(this::loop);
        wake();
    }

    /** Tells the worker there may be memories to embed. Never blocks. */
    public void wake() {
        signal.release();
    }

    private void loop() {
        while (running) {
            try {
                // memories stored without MemoryBank never wake us: look for them now and then anyway
                signal.tryAcquire(POLL.toMillis(), TimeUnit.MILLISECONDS);
                signal.drainPermits();
                for (int embedded = embedBatch(); running && embedded > 0; embedded = embedBatch()) {
                    // a batch short of full left nothing pending: no pause before the worker idles
                    if (embedded == batchSize && behind.getAsBoolean()) {
                        pause.await();
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                log.warn("Embedding memories failed, will retry on the next memory: {}", e.toString());
            }
        }
    }

    /** Embeds everything pending, in batches; returns how many memories were embedded. */
    public int embedPending() {
        int total = 0;
        for (int embedded = embedBatch(); embedded > 0; embedded = embedBatch()) {
            total += embedded;
        }
        return total;
    }

    /** Embeds one batch of what is pending; returns how many memories it embedded (0: none was pending). */
    private int embedBatch() {
        working.lock();
        try {
            List<Memory> batch = store.listNeedingEmbedding(embedder.modelName(), batchSize);
            if (batch.isEmpty()) {
                return 0;
            }
            List<float[]> vectors =
                    embedder.embedAll(batch.stream().map(Memory::content).toList());
            List<MemoryEmbedding> embeddings = new ArrayList<>(batch.size());
            for (int i = 0; i < batch.size(); i++) {
                embeddings.add(new MemoryEmbedding(batch.get(i).id(), embedder.modelName(), vectors.get(i)));
            }
            store.saveEmbeddings(embeddings);
            for (int i = 0; i < batch.size(); i++) {
                recall.onEmbedded(batch.get(i), vectors.get(i));
            }
            log.debug("Embedded {} memories with {}", batch.size(), embedder.modelName());
            return batch.size();
        } finally {
            working.unlock();
        }
    }

    @Override
    public synchronized void close() {
        running = false;
        Thread thread = worker;
        if (thread != null) {
            thread.interrupt();
        }
    }
}
