-- The per-persona reads of the outbox (a prompt's recent posts, the API's lists) filter on persona and status and
-- take the newest ids: one index serves the filter and the order. It replaces the (persona_id, status) index.
CREATE INDEX outbox_persona_status_id ON outbox (persona_id, status, id);
DROP INDEX outbox_persona_status;
