-- How far (persona time) the stored engine_clock time was ahead of the writer's clock when it was written: the
-- horizon's lead while a node runs, 0 after a clean stop (the exact time reached). A node that starts while another
-- runs on the same database (cluster, sandbox speed) joins its clock: the stored time minus the lead, plus the real
-- time since the write. Rows from before start as 0 (continue from the stored time, as before).
ALTER TABLE engine_clock ADD COLUMN lead_millis BIGINT DEFAULT 0 NOT NULL;
