-- Customer credit: an append-only ledger. The balance is always the sum of a customer's entries
-- (per currency); it is never stored on its own. Entries are never updated or deleted.

-- Apply a customer's credit to each invoice when it is issued (order or renewal).
ALTER TABLE billing_settings ADD COLUMN apply_credit_automatically boolean NOT NULL DEFAULT true;

CREATE TABLE credit_entries (
    id bigserial PRIMARY KEY,
    customer_id bigint NOT NULL REFERENCES users (id),
    currency text NOT NULL DEFAULT 'EUR' CHECK (currency ~ '^[A-Z]{3}$'),
    amount numeric(12, 2) NOT NULL CHECK (amount <> 0),
    -- staff: added by staff; overpayment: the excess of a payment; applied: used on an invoice (negative);
    -- returned: what was applied to an invoice that was then cancelled, given back
    kind text NOT NULL CHECK (kind IN ('staff', 'overpayment', 'applied', 'returned')),
    reason text NOT NULL CHECK (length(reason) BETWEEN 1 AND 500),
    invoice_id bigint REFERENCES invoices (id),
    payment_id bigint REFERENCES payments (id),
    actor_id bigint REFERENCES users (id) ON DELETE SET NULL,
    actor_label text NOT NULL DEFAULT '',
    created_at timestamptz NOT NULL DEFAULT now(),
    CHECK ((kind = 'applied') = (amount < 0)),
    CHECK (kind <> 'applied' OR (invoice_id IS NOT NULL AND payment_id IS NOT NULL)),
    CHECK (kind <> 'overpayment' OR (invoice_id IS NOT NULL AND payment_id IS NOT NULL))
);
CREATE INDEX credit_entries_customer_idx ON credit_entries (customer_id, currency, id);
-- Exactly once: one credit entry per payment (an overpayment's excess, or credit applied as a payment).
CREATE UNIQUE INDEX credit_entries_payment_idx ON credit_entries (payment_id) WHERE payment_id IS NOT NULL;
-- Credit is applied to an invoice once, at issue.
CREATE UNIQUE INDEX credit_entries_applied_idx ON credit_entries (invoice_id) WHERE kind = 'applied';
-- ... and given back once when that invoice is cancelled.
CREATE UNIQUE INDEX credit_entries_returned_idx ON credit_entries (invoice_id) WHERE kind = 'returned';

-- Append-only: no update or delete of an entry.
CREATE FUNCTION credit_entries_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'credit_entries is append-only';
END $$;
CREATE TRIGGER credit_entries_append_only BEFORE UPDATE OR DELETE ON credit_entries
    FOR EACH ROW EXECUTE FUNCTION credit_entries_append_only();

-- Cancellation: a pending request recorded on the service. The billing run bills no period
-- starting on or after cancellation_date and, on that date, sets billing_status to 'cancelled'
-- (compare-and-set: the transaction that changes it queues the terminate job, so it happens once).
ALTER TABLE server_instances
    ADD COLUMN cancellation_when text CHECK (cancellation_when IN ('end_of_period', 'immediate')),
    ADD COLUMN cancellation_date date,
    ADD COLUMN cancellation_requested_at timestamptz,
    ADD COLUMN cancellation_requested_by bigint REFERENCES users (id) ON DELETE SET NULL,
    ADD CONSTRAINT server_instances_cancellation_check CHECK ((cancellation_when IS NULL) = (cancellation_date IS NULL));
CREATE INDEX server_instances_cancellation_idx ON server_instances (cancellation_date)
    WHERE cancellation_when IS NOT NULL AND billing_status <> 'cancelled';
ALTER TABLE billing_runs ADD COLUMN services_cancelled integer NOT NULL DEFAULT 0;
