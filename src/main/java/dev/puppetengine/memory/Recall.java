package dev.puppetengine.memory;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.puppetengine.llm.Embedder;
import dev.puppetengine.persona.PersonaId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * Recall for prompts (DESIGN §4.6): a persona's core memories plus the top-k of its other memories by
 * {@code w_recency·e^(−age/τ) + w_importance·importance + w_relevance·cosine(query, memory)}. Served from a
 * per-persona in-memory index, kept in a cache bounded by total bytes and rebuilt from the store on a miss, so a
 * recall never scans the database. Memories take part once embedded (see {@link EmbeddingPipeline}). When other
 * nodes write the store too (cluster mode), a cached index is used only while the store's {@link MemoryStore#stamp}
 * is the one it was built at, else rebuilt. Thread-safe.
 */
public final class Recall {

    /** Components of unit-length sentence embeddings beyond this are rare; the index clamps and bounds them. */
    private static final float MAX_COMPONENT = 0.35f;

    private final MemoryStore store;
    private final Embedder embedder;
    private final MemoryProperties properties;
    private final Clock clock;
    private final Cache<PersonaId, RecallIndex> indexes;
    /** The store's stamp each cached index was built at, when other nodes write the store too. */
    private final Map<PersonaId, MemoryStore.Stamp> builtAt = new ConcurrentHashMap<>();

    private final Cache<String, float[]> queryVectors =
            Caffeine.newBuilder().maximumSize(1_000).build();

    public Recall(MemoryStore store, Embedder embedder, MemoryProperties properties, Clock clock) {
        this.store = store;
        this.embedder = embedder;
        this.properties = properties;
        this.clock = clock;
        this.indexes = Caffeine.newBuilder()
                .maximumWeight(properties.indexMaxSize().toBytes())
                .weigher((PersonaId id, RecallIndex index) -> (int) Math.min(Integer.MAX_VALUE, index.weightBytes()))
                .build();
    }

    /** Core memories (oldest first) followed by the {@code k} best others for {@code query} (best first). */
    public List<Memory> recall(PersonaId personaId, String query, int k) {
        RecallIndex index = index(personaId);
        List<Memory> memories = new ArrayList<>(index.core());
        rank(personaId, query, k, properties.weights()).forEach(s -> memories.add(s.memory()));
        return List.copyOf(memories);
    }

    /** {@link #recall(PersonaId, String, int)} with the configured k. */
    public List<Memory> recall(PersonaId personaId, String query) {
        return recall(personaId, query, properties.recallK());
    }

    /**
     * The {@code k} best non-core memories with their scores, best first. A blank {@code query} ranks by recency and
     * importance alone.
     */
    public List<ScoredMemory> rank(PersonaId personaId, @Nullable String query, int k, RecallWeights weights) {
        float[] vector = query == null || query.isBlank() ? null : queryVector(query);
        return index(personaId).search(vector, clock.instant(), weights, k);
    }

    /** The persona's core memories, oldest first. */
    public List<Memory> core(PersonaId personaId) {
        return index(personaId).core();
    }

    private float[] queryVector(String query) {
        return queryVectors.get(query, embedder::embed);
    }

    /** Adds a freshly embedded memory to its persona's index if that index is loaded. */
    void onEmbedded(Memory memory, float[] vector) {
        indexes.asMap().computeIfPresent(memory.personaId(), (id, index) -> {
            index.add(memory, vector);
            return index;
        });
    }

    /** Adds a new core memory to its persona's index if that index is loaded. */
    void onCoreAdded(Memory memory) {
        indexes.asMap().computeIfPresent(memory.personaId(), (id, index) -> {
            index.addCore(memory);
            return index;
        });
    }

    /** Drops the persona's index, e.g. after memories were deleted; the next recall rebuilds it. */
    public void forget(PersonaId personaId) {
        indexes.invalidate(personaId);
    }

    private RecallIndex index(PersonaId personaId) {
        if (store.sharedWithOtherNodes()) {
            // Another node may have added, embedded or deleted memories of the persona since this index was built.
            MemoryStore.Stamp now = store.stamp(personaId);
            if (!now.equals(builtAt.get(personaId))) {
                indexes.invalidate(personaId);
                builtAt.put(personaId, now);
            }
        }
        RecallIndex index = indexes.get(personaId, this::build);
        Duration sinceReference = Duration.between(index.reference(), clock.instant());
        if (sinceReference.compareTo(properties.tau().multipliedBy(30)) > 0) {
            // decays are stored relative to the build time; rebase before they lose float precision
            indexes.invalidate(personaId);
            index = indexes.get(personaId, this::build);
        }
        return index;
    }

    private RecallIndex build(PersonaId personaId) {
        Instant now = clock.instant();
        var index = new RecallIndex(
                embedder.dimensions(), MAX_COMPONENT, properties.tau(), now, (int) store.count(personaId));
        store.listByKind(personaId, MemoryKind.CORE).forEach(index::addCore);
        store.forEachEmbedded(personaId, embedder.modelName(), index::add);
        return index;
    }
}
