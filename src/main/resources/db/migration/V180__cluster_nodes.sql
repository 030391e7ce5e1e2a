-- Issue 15, cluster mode. One row per engine node (puppet.cluster.node-id) that ever ran on this database: its
-- heartbeat (every 2 s of real time, the database's own clock) says it is alive while younger than 10 s; stopped_at
-- is set by a clean stop.
CREATE TABLE engine_node (
    node_id                 VARCHAR(36)      NOT NULL PRIMARY KEY,
    host                    VARCHAR(255)     NOT NULL,
    pid                     BIGINT           NOT NULL,
    started_at              TIMESTAMP WITH TIME ZONE NOT NULL,
    heartbeat_at            TIMESTAMP WITH TIME ZONE NOT NULL,
    stopped_at              TIMESTAMP WITH TIME ZONE
);

-- The persona lease (PostgreSQL): the node running a step of the persona holds it until expires_at (renewed by the
-- node's heartbeat); a released lease has expires_at NULL and keeps node_id as the node the persona last ran on.
CREATE TABLE persona_lease (
    persona_id              VARCHAR(64)      NOT NULL PRIMARY KEY,
    node_id                 VARCHAR(36)      NOT NULL,
    taken_at                TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at              TIMESTAMP WITH TIME ZONE
);

CREATE INDEX persona_lease_node ON persona_lease (node_id);
