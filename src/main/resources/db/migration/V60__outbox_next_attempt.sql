-- DESIGN §6.1. After a transient failure, the earliest time of an outbox item's next attempt (the rate-limit reset
-- or the backoff), so that retries survive restarts and never run early. dispatched_at is when the latest send
-- started: an item in dispatching is looked up on the network only once that send has certainly timed out.
ALTER TABLE outbox ADD COLUMN next_attempt_at TIMESTAMP WITH TIME ZONE;
