package dev.puppetengine.memory;

import dev.puppetengine.persona.PersonaId;
import java.util.List;

/**
 * Persistent memories of all personas. {@link #add} with a {@code seedKey} already stored for that persona returns
 * the stored memory unchanged (idempotent seeding). Thread-safe.
 */
public interface MemoryStore {

    /** Stores a memory; {@code memory.id()} is ignored and the stored one, with its id, is returned. */
    Memory add(Memory memory);

    long count(PersonaId personaId);

    /** Newest first. */
    List<Memory> listNewest(PersonaId personaId, int limit);

    List<Memory> listByKind(PersonaId personaId, MemoryKind kind);
}
