package dev.puppetengine.agent;

import dev.puppetengine.persona.PersonaId;

/**
 * How many replies each persona has made in each conversation (DESIGN §4.5), so that threads between personas end
 * at the turn cap. Joins the caller's transaction; calls for one persona come one at a time. Thread-safe.
 */
public interface ConversationTurns {

    /** The persona's replies so far in the conversation (an X conversation id); 0 when none. */
    int count(PersonaId personaId, String conversationId);

    /** Counts one more reply of the persona in the conversation; returns the count after it. */
    int recordReply(PersonaId personaId, String conversationId);
}
