-- The persona clock across restarts (sandbox --speed): the latest persona time a node stored, a little ahead of what
-- its clock handed out, so a restart continues from there and persona time never runs backwards. wall_time is the
-- real time of the write. One row, node 'default'; a data dir from before this table starts from its newest
-- timestamp.
CREATE TABLE engine_clock (
    node                    VARCHAR(100)     NOT NULL PRIMARY KEY,
    persona_time            TIMESTAMP WITH TIME ZONE NOT NULL,
    wall_time               TIMESTAMP WITH TIME ZONE NOT NULL
);

INSERT INTO engine_clock (node, persona_time, wall_time)
SELECT 'default', COALESCE(MAX(reached), CURRENT_TIMESTAMP), CURRENT_TIMESTAMP
FROM (
    SELECT MAX(updated_at) AS reached FROM persona_state
    UNION ALL SELECT MAX(created_at) FROM memory
    UNION ALL SELECT MAX(created_at) FROM decision
    UNION ALL SELECT MAX(updated_at) FROM outbox
    UNION ALL SELECT MAX(created_at) FROM sandbox_post
    UNION ALL SELECT MAX(last_heartbeat) FROM scheduled_tasks
    UNION ALL SELECT MAX(last_success) FROM scheduled_tasks
) AS timestamps;
