package dev.puppetengine.agent;

import dev.puppetengine.persona.PersonaId;
import java.util.function.Supplier;

/**
 * One step per persona at a time (docs/CLUSTER.md): on this node (an in-process lock) and, on the cluster database,
 * across the nodes sharing it (a lease in the database). Reentrant: a step may run another step of the same persona
 * on its thread. Thread-safe.
 */
public interface PersonaLocks {

    /**
     * Runs {@code step} holding the persona and returns its result. Waits while another step of the persona runs here
     * or on another node; when the other node keeps it longer than a bounded wait, throws
     * {@link PersonaBusyException} without running the step (retry later).
     */
    <T> T holding(PersonaId personaId, Supplier<T> step);
}
