-- Closes the last window of `Idempotency-Key`: a worker killed after the handler's work committed
-- but before its answer was stored. The claim's marker is written by the handler's own
-- transaction, just before its COMMIT (PostgresConnection.beforeCommit), so it exists exactly when
-- the work does. A retry that takes over a crashed claim with the marker set answers 409 ("carried
-- out, answer lost") instead of doing the work a second time.
ALTER TABLE idempotency_keys ADD COLUMN work_committed_at timestamptz;
