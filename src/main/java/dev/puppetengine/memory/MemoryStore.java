package dev.puppetengine.memory;

import dev.puppetengine.persona.PersonaId;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Persistent memories of all personas (DESIGN §4.6). {@link #add} with a {@code seedKey} already stored for that
 * persona returns the stored memory unchanged (idempotent seeding). Embeddings are stored beside the memory with the
 * name of the model that made them, so a model change can re-embed. Thread-safe.
 */
public interface MemoryStore {

    /** Stores a memory; {@code memory.id()} is ignored and the stored one, with its id, is returned. */
    Memory add(Memory memory);

    Optional<Memory> find(long id);

    long count(PersonaId personaId);

    /** Memory counts of every persona that has at least one memory. */
    Map<PersonaId, Long> countByPersona();

    /** Newest first. */
    List<Memory> listNewest(PersonaId personaId, int limit);

    /** Oldest first. */
    List<Memory> listByKind(PersonaId personaId, MemoryKind kind);

    /** Memories with an id above {@code afterId}, ascending by id, at most {@code limit}. */
    List<Memory> listAfter(PersonaId personaId, long afterId, int limit);

    /** How many memories of the persona have an id above {@code afterId} and a kind not in {@code excluded}. */
    long countAfter(PersonaId personaId, long afterId, Set<MemoryKind> excluded);

    /** Every memory of the persona, oldest first. */
    List<Memory> listAll(PersonaId personaId);

    /** Memories (of any persona) with no embedding, or one made by a model other than {@code model}; oldest first. */
    List<Memory> listNeedingEmbedding(String model, int limit);

    /** Stores embeddings; an embedding of a memory that no longer exists is ignored. */
    void saveEmbeddings(List<MemoryEmbedding> embeddings);

    /**
     * Calls {@code consumer} for each memory of the persona embedded by {@code model}, oldest first, streaming rows
     * so that a large persona does not need all rows in memory at once.
     */
    void forEachEmbedded(PersonaId personaId, String model, EmbeddedMemoryConsumer consumer);

    /** Deletes the given memories of the persona except core ones; returns how many were deleted. */
    int deleteNonCore(PersonaId personaId, Collection<Long> ids);

    /**
     * A stamp of the persona's memories that changes whenever one is added, deleted or embedded: a recall index built
     * at an older stamp misses something.
     */
    Stamp stamp(PersonaId personaId);

    /**
     * Whether other processes (cluster nodes, docs/CLUSTER.md) write this store too: then a recall index cached here
     * is checked against the {@link #stamp} before use.
     */
    default boolean sharedWithOtherNodes() {
        return false;
    }

    /** How many memories, the newest id, how many have an embedding. */
    record Stamp(long count, long newestId, long embedded) {}

    /** Receives a memory with its embedding; the vector must not be kept beyond the call unless copied. */
    @FunctionalInterface
    interface EmbeddedMemoryConsumer {
        void accept(Memory memory, float[] vector);
    }
}
