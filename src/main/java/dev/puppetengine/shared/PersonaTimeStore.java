package dev.puppetengine.shared;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Where the persona clock keeps the time it reached, so a restart continues from there and persona time never runs
 * backwards. One row per node ({@code default} for now). Implementations are thread-safe.
 */
public interface PersonaTimeStore {

    /**
     * A stored persona time: {@code lead} ahead of the writer's clock (its horizon; zero after a clean stop), written
     * at {@code wallTime} (real time).
     */
    record Stored(Instant personaTime, Duration lead, Instant wallTime) {}

    /** The persona time stored last, if any. */
    Optional<Stored> findStored();

    /** The persona time stored last, if any. */
    default Optional<Instant> findReached() {
        return findStored().map(Stored::personaTime);
    }

    /**
     * Stores {@code reached}, {@code lead} ahead of the writer's clock, unless a later persona time is stored already:
     * the stored time never goes down.
     */
    void raiseTo(Instant reached, Duration lead, Instant wallTime);

    /**
     * A clean stop: stores exactly {@code stoppedAt}, below the horizon this node reserved last ({@code reserved}),
     * unless another writer has stored a later time since.
     */
    void stoppedAt(Instant stoppedAt, Instant reserved, Instant wallTime);
}
