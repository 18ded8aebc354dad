-- Why a server is (or is about to be) suspended: '' (not suspended), 'staff' (by hand; only
-- staff lift it) or 'overdue' (dunning, for unpaid invoice `suspended_invoice_id`; a payment
-- that leaves the service with no overdue unpaid invoice lifts it). Set when the suspend job is
-- queued, cleared when the unsuspend job has run.
ALTER TABLE server_instances
    ADD COLUMN suspended_for text NOT NULL DEFAULT '' CHECK (suspended_for IN ('', 'staff', 'overdue')),
    ADD COLUMN suspended_invoice_id bigint REFERENCES invoices (id);
UPDATE server_instances SET suspended_for = 'staff' WHERE status = 'suspended';

-- At most one unfinished unsuspend per server: payments applied concurrently queue it once.
CREATE UNIQUE INDEX jobs_one_open_unsuspend_idx ON jobs (instance_id) WHERE action = 'unsuspend' AND status IN ('queued', 'running');

-- A refund whose gateway call had no clear answer is asked again by the job runner at
-- `retry_at` (1, 5, 15, 60 … minutes, the same idempotency key each time, so the gateway
-- returns the refund it made rather than making a second); after `attempts` reaches the last
-- try `retry_at` is NULL and the pending refund needs staff, who settle or refuse it by hand.
ALTER TABLE payment_refunds
    ADD COLUMN attempts integer NOT NULL DEFAULT 1 CHECK (attempts > 0),
    ADD COLUMN retry_at timestamptz;
CREATE INDEX payment_refunds_retry_idx ON payment_refunds (retry_at) WHERE status = 'pending' AND retry_at IS NOT NULL;
