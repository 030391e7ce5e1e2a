-- DESIGN §4.5. How many replies each persona has made in each conversation (X conversation id), so that threads
-- between personas end at the turn cap, also across restarts. Counted in the transaction that stores the reply.
CREATE TABLE conversation_turn (
    persona_id              VARCHAR(64)      NOT NULL,
    conversation_id         VARCHAR(32)      NOT NULL,
    replies                 INTEGER          NOT NULL DEFAULT 0,
    updated_at              TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (persona_id, conversation_id)
);
