-- Cluster mode: one refresh of a persona's OAuth 2.0 pair at a time across nodes. X rotates refresh tokens, so two
-- nodes presenting the same one at once would see the second refused. A refresher claims the row first
-- (refresh_claimed_by, until refresh_claimed_until, database time); a claim of a killed node lapses by itself.
ALTER TABLE x_oauth2_token ADD COLUMN refresh_claimed_by VARCHAR(100);
ALTER TABLE x_oauth2_token ADD COLUMN refresh_claimed_until TIMESTAMP WITH TIME ZONE;
