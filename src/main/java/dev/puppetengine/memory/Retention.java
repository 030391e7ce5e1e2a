package dev.puppetengine.memory;

import dev.puppetengine.persona.PersonaId;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps each persona at most {@code puppet.memory.retention-cap} memories (DESIGN §4.6): beyond it, the non-core
 * memories with the lowest {@code w_recency·e^(−age/τ) + w_importance·importance} are deleted, oldest first among
 * equals. Core memories are never deleted. Run as a periodic job, never on a request's path.
 */
public final class Retention {

    private static final Logger log = LoggerFactory.getLogger(Retention.class);

    private final MemoryStore store;
    private final Recall recall;
    private final MemoryProperties properties;
    private final Clock clock;

    public Retention(MemoryStore store, Recall recall, MemoryProperties properties, Clock clock) {
        this.store = store;
        this.recall = recall;
        this.properties = properties;
        this.clock = clock;
    }

    /** Brings every persona over the cap back under it; returns how many memories were deleted in all. */
    public int runOnce() {
        int deleted = 0;
        for (Map.Entry<PersonaId, Long> entry : store.countByPersona().entrySet()) {
            if (entry.getValue() > properties.retentionCap()) {
                deleted += trim(entry.getKey());
            }
        }
        return deleted;
    }

    /** Brings one persona back under the cap; returns how many memories were deleted. */
    public int trim(PersonaId personaId) {
        List<Memory> all = store.listAll(personaId);
        int excess = all.size() - properties.retentionCap();
        if (excess <= 0) {
            return 0;
        }
        Instant now = clock.instant();
        List<Long> victims = all.stream()
                .filter(m -> m.kind() != MemoryKind.CORE)
                .sorted(Comparator.comparingDouble((Memory m) -> keepScore(m, now))
                        .thenComparing(Memory::createdAt)
                        .thenComparingLong(Memory::id))
                .limit(excess)
                .map(Memory::id)
                .toList();
        int deleted = store.deleteNonCore(personaId, victims);
        recall.forget(personaId);
        log.info(
                "Retention deleted {} memories of {} (cap {}, had {})",
                deleted,
                personaId,
                properties.retentionCap(),
                all.size());
        return deleted;
    }

    private double keepScore(Memory memory, Instant now) {
        double ageMillis = Math.max(0, now.toEpochMilli() - memory.createdAt().toEpochMilli());
        return properties.recencyWeight()
                        * Math.exp(-ageMillis / properties.tau().toMillis())
                + properties.importanceWeight() * memory.importance();
    }
}
