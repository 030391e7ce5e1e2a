package dev.puppetengine.agent;

import java.util.Optional;

/**
 * The {@code since_id} of each cast-wide mentions query (DESIGN §6.2), persisted so a restart reads on from it: one
 * per query text, as the per-persona mention cursor is one per persona. Thread-safe.
 */
public interface CastCursors {

    /** The newest post id the query has read up to, if it ran before. */
    Optional<String> find(String query);

    /** Moves the query's cursor to {@code sinceId}, never backwards. */
    void advance(String query, String sinceId);
}
