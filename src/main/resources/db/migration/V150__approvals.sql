-- Issue 12. A draft the persona's approval mode gates waits as status awaiting_approval; approved_at is when a human
-- approved it (an approved post is stale only that long after its approval, not after its drafting).
ALTER TABLE outbox ADD COLUMN approved_at TIMESTAMP WITH TIME ZONE;
-- The approval mode set at run time (PATCH /api/agents/{id}); null: the persona file's approval key.
ALTER TABLE persona_state ADD COLUMN approval VARCHAR(16);
