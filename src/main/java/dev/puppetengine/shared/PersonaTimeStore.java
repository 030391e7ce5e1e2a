package dev.puppetengine.shared;

import java.time.Instant;
import java.util.Optional;

/**
 * Where the persona clock keeps the time it reached, so a restart continues from there and persona time never runs
 * backwards. One row per node ({@code default} for now). Implementations are thread-safe.
 */
public interface PersonaTimeStore {

    /** The persona time stored last, if any. */
    Optional<Instant> findReached();

    /** Stores {@code reached} unless a later persona time is stored already: the stored time never goes down. */
    void raiseTo(Instant reached, Instant wallTime);

    /**
     * A clean stop: stores exactly {@code stoppedAt}, below the horizon this node reserved last ({@code reserved}),
     * unless another writer has stored a later time since.
     */
    void stoppedAt(Instant stoppedAt, Instant reserved, Instant wallTime);
}
