package dev.puppetengine.social;

import dev.puppetengine.persona.PersonaId;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Users who told a persona to stop (DESIGN §6.2): the persona never replies to, quotes, likes or mentions them
 * again. Persisted; {@link #record} joins the caller's transaction and keeps the first opt-out. Thread-safe.
 */
public interface OptOuts {

    Optional<OptOut> find(PersonaId personaId, String userId);

    void record(OptOut optOut);

    /** {@code userId} sent {@code word} to {@code personaId} in {@code postId} at {@code at}. */
    record OptOut(
            PersonaId personaId, String userId, @Nullable String username, String word, String postId, Instant at) {
        public OptOut {
            Objects.requireNonNull(personaId);
            Objects.requireNonNull(userId);
            Objects.requireNonNull(word);
            Objects.requireNonNull(postId);
            Objects.requireNonNull(at);
        }
    }
}
