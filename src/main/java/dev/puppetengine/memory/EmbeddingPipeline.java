package dev.puppetengine.memory;

import dev.puppetengine.llm.Embedder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Computes memory embeddings off the hot path: a virtual thread, woken by {@link #wake()}, embeds in batches every
 * memory the store lists as not embedded by the current model (it also looks every ten seconds, for memories
 * stored straight into the store) — new memories, and all of them after a model
 * change — saves the vectors and hands them to the recall index. The database is the queue, so nothing is lost on a
 * restart. {@link #embedPending()} does the same work on the calling thread.
 */
public final class EmbeddingPipeline implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddingPipeline.class);
    private static final Duration POLL = Duration.ofSeconds(10);

    private final MemoryStore store;
    private final Embedder embedder;
    private final Recall recall;
    private final int batchSize;
    private final Semaphore signal = new Semaphore(0);
    private final ReentrantLock working = new ReentrantLock();
    private volatile boolean running;
    private @Nullable Thread worker;

    public EmbeddingPipeline(MemoryStore store, Embedder embedder, Recall recall, int batchSize) {
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
                embedPending();
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
        working.lock();
        try {
            int total = 0;
            while (true) {
                List<Memory> batch = store.listNeedingEmbedding(embedder.modelName(), batchSize);
                if (batch.isEmpty()) {
                    return total;
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
                total += batch.size();
                log.debug("Embedded {} memories with {}", batch.size(), embedder.modelName());
            }
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
