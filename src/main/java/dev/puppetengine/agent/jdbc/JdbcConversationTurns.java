package dev.puppetengine.agent.jdbc;

import dev.puppetengine.agent.ConversationTurns;
import dev.puppetengine.persona.PersonaId;
import java.time.Clock;
import java.time.ZoneOffset;
import org.springframework.jdbc.core.simple.JdbcClient;

/** {@link ConversationTurns} on the {@code conversation_turn} table (V75). Portable SQL, no failing statements. */
public final class JdbcConversationTurns implements ConversationTurns {

    private final JdbcClient jdbc;
    private final Clock clock;

    public JdbcConversationTurns(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Override
    public int count(PersonaId personaId, String conversationId) {
        return jdbc.sql("SELECT replies FROM conversation_turn WHERE persona_id = ? AND conversation_id = ?")
                .params(personaId.value(), conversationId)
                .query(Integer.class)
                .optional()
                .orElse(0);
    }

    @Override
    public int recordReply(PersonaId personaId, String conversationId) {
        var now = clock.instant().atOffset(ZoneOffset.UTC);
        jdbc.sql("INSERT INTO conversation_turn (persona_id, conversation_id, replies, updated_at)"
                        + " SELECT ?, ?, 0, ? WHERE NOT EXISTS"
                        + " (SELECT 1 FROM conversation_turn WHERE persona_id = ? AND conversation_id = ?)")
                .params(personaId.value(), conversationId, now, personaId.value(), conversationId)
                .update();
        jdbc.sql("UPDATE conversation_turn SET replies = replies + 1, updated_at = ?"
                        + " WHERE persona_id = ? AND conversation_id = ?")
                .params(now, personaId.value(), conversationId)
                .update();
        return count(personaId, conversationId);
    }
}
