package dev.puppetengine.memory;

import dev.puppetengine.persona.PersonaId;
import java.time.Clock;
import java.util.List;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Where memories are written (DESIGN §4.6): stores the memory, makes a core memory recallable at once, and wakes
 * the embedding pipeline so the others become recallable a few milliseconds later, off the caller's thread. Inside a
 * transaction the pipeline is woken once it commits (before, it could not see the memory).
 */
public final class MemoryBank {

    private final MemoryStore store;
    private final Recall recall;
    private final EmbeddingPipeline embeddings;
    private final Clock clock;

    public MemoryBank(MemoryStore store, Recall recall, EmbeddingPipeline embeddings, Clock clock) {
        this.store = store;
        this.recall = recall;
        this.embeddings = embeddings;
        this.clock = clock;
    }

    /** Remembers {@code content} now; returns the stored memory. */
    public Memory remember(
            PersonaId personaId,
            MemoryKind kind,
            String content,
            double importance,
            double valence,
            List<String> sourceIds) {
        return remember(
                new Memory(0, personaId, kind, content.strip(), importance, valence, clock.instant(), sourceIds, null));
    }

    /** Stores a complete memory (its id is ignored), idempotently when it has a seed key. */
    public Memory remember(Memory memory) {
        Memory stored = store.add(memory);
        if (stored.kind() == MemoryKind.CORE) {
            recall.onCoreAdded(stored);
        }
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    embeddings.wake();
                }
            });
        } else {
            embeddings.wake();
        }
        return stored;
    }
}
