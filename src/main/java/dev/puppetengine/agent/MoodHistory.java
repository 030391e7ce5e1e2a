package dev.puppetengine.agent;

import dev.puppetengine.persona.PersonaId;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Every mood change of a persona with its cause, for the dashboard's chart; bounded per persona (the oldest entries
 * go). Joins the caller's transaction. Thread-safe.
 */
public interface MoodHistory {

    void record(PersonaId personaId, Mood mood, String cause, Instant at);

    /** The newest {@code limit} entries, oldest first. */
    List<Entry> list(PersonaId personaId, int limit);

    record Entry(Mood mood, String cause, Instant at) {
        public Entry {
            Objects.requireNonNull(mood);
            Objects.requireNonNull(at);
        }
    }
}
