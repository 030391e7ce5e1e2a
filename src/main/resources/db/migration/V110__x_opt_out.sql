-- DESIGN §6.2. Users who sent a persona an opt-out word ("stop"): the persona never addresses them again.
CREATE TABLE x_opt_out (
    persona_id              VARCHAR(64)      NOT NULL,
    user_id                 VARCHAR(32)      NOT NULL,
    username                VARCHAR(64),
    word                    VARCHAR(64)      NOT NULL,
    post_id                 VARCHAR(32)      NOT NULL,
    created_at              TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (persona_id, user_id)
);
