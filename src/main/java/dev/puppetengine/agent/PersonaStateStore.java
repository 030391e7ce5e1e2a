package dev.puppetengine.agent;

import dev.puppetengine.persona.PersonaId;
import dev.puppetengine.persona.PersonaSpec;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Persistent runtime state of the personas: their {@link PersonaState} row, {@link Relationship}s, mention cursors
 * and the ledger of handled inputs. Every method is one atomic step and thread-safe. Updates of a persona that has no
 * state row throw {@link IllegalStateException}: {@link #createIfAbsent} comes first.
 */
public interface PersonaStateStore {

    /**
     * Creates the persona's row with {@link Mood#START} and the given active flag unless it exists; returns the stored
     * state either way (an existing row is never changed).
     */
    PersonaState createIfAbsent(PersonaId personaId, boolean active);

    Optional<PersonaState> find(PersonaId personaId);

    PersonaState require(PersonaId personaId);

    /** Every stored state, ordered by persona id. */
    List<PersonaState> listAll();

    /** The stored states of these personas (those that have one), ordered by persona id: one read for a page. */
    List<PersonaState> listOf(Collection<PersonaId> personaIds);

    /** Pauses or resumes; returns true when the stored flag changed. */
    boolean updateActive(PersonaId personaId, boolean active);

    /** The approval mode set at run time ({@code PATCH /api/agents/{id}}), which wins over the persona file's. */
    Optional<PersonaSpec.Approval> findApproval(PersonaId personaId);

    /** The approval modes set at run time of those of these personas that have one ({@link #findApproval}). */
    Map<PersonaId, PersonaSpec.Approval> listApprovals(Collection<PersonaId> personaIds);

    /** Stores the persona's approval mode; it outlives restarts. */
    void updateApproval(PersonaId personaId, PersonaSpec.Approval approval);

    void updateMood(PersonaId personaId, Mood mood, Instant at);

    /** Records a post made at {@code at}; {@code original} is false for replies and quotes (DESIGN §4.3). */
    void recordPost(PersonaId personaId, Instant at, boolean original);

    void updateNextPostAt(PersonaId personaId, @Nullable Instant nextPostAt);

    void updateStatus(PersonaId personaId, String status, @Nullable String detail);

    /** Marks {@code initial_memory} as seeded; returns false when it already was (the first time stays). */
    boolean markSeeded(PersonaId personaId, Instant at);

    Optional<Relationship> findRelationship(PersonaId personaId, String counterpartId);

    /** Ordered by counterpart id. */
    List<Relationship> listRelationships(PersonaId personaId);

    /** Inserts or replaces the relationship of {@code relationship.personaId()} with its counterpart. */
    void saveRelationship(Relationship relationship);

    /** Inserts the relationship unless one with that counterpart exists; returns true when it was inserted. */
    boolean addRelationshipIfAbsent(Relationship relationship);

    /** The newest handled mention id ({@code since_id}), if any. */
    Optional<String> findMentionCursor(PersonaId personaId);

    /**
     * Moves the cursor to {@code sinceId} unless it already points at a newer id (numeric ids compare as numbers);
     * returns the cursor after the call.
     */
    String advanceMentionCursor(PersonaId personaId, String sinceId);

    /**
     * Records that the persona handled the input (a mention id, an event id); returns false when it was already
     * recorded, so callers act only on true.
     */
    boolean markHandled(PersonaId personaId, String inputId, String kind);

    boolean isHandled(PersonaId personaId, String inputId);
}
