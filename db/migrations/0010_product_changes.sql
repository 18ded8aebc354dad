-- Upgrades and downgrades: a running server moves to another product of the same module.
-- The prorated difference for the rest of the current period is an invoice item ('upgrade') or
-- customer credit ('downgrade'); an upgrade waits for its invoice to be paid, a downgrade (or a
-- zero difference) applies at once. Applying is a compare-and-set on the change's status in the
-- transaction that queues the module's change_package job, so it happens once.

ALTER TABLE invoice_items DROP CONSTRAINT invoice_items_kind_check;
ALTER TABLE invoice_items ADD CONSTRAINT invoice_items_kind_check
    CHECK (kind IN ('new_service', 'renewal', 'setup_fee', 'manual', 'upgrade', 'downgrade', 'credit'));

ALTER TABLE credit_entries DROP CONSTRAINT credit_entries_kind_check;
ALTER TABLE credit_entries ADD CONSTRAINT credit_entries_kind_check
    CHECK (kind IN ('staff', 'overpayment', 'applied', 'returned', 'downgrade'));

ALTER TABLE jobs DROP CONSTRAINT jobs_action_check;
ALTER TABLE jobs ADD CONSTRAINT jobs_action_check
    CHECK (action IN ('provision', 'suspend', 'unsuspend', 'terminate', 'reboot', 'change_password', 'status', 'change_package'));

CREATE TABLE service_product_changes (
    id bigserial PRIMARY KEY,
    service_id bigint NOT NULL REFERENCES server_instances (id),
    customer_id bigint NOT NULL REFERENCES users (id),
    from_product_id bigint REFERENCES products (id) ON DELETE SET NULL,
    to_product_id bigint NOT NULL REFERENCES products (id),
    billing_cycle text NOT NULL CHECK (billing_cycle IN ('monthly', 'quarterly', 'yearly')),
    old_amount numeric(12, 2) NOT NULL CHECK (old_amount >= 0),
    new_amount numeric(12, 2) NOT NULL CHECK (new_amount >= 0),
    -- The prorated difference: positive is invoiced, negative is credited, zero is neither.
    difference numeric(12, 2) NOT NULL,
    remaining_days integer NOT NULL CHECK (remaining_days >= 0),
    period_days integer NOT NULL CHECK (period_days > 0),
    status text NOT NULL CHECK (status IN ('pending', 'applied', 'cancelled')),
    invoice_id bigint REFERENCES invoices (id),
    credit_entry_id bigint REFERENCES credit_entries (id),
    job_id bigint REFERENCES jobs (id),
    requested_by bigint REFERENCES users (id) ON DELETE SET NULL,
    requested_at timestamptz NOT NULL DEFAULT now(),
    applied_at timestamptz,
    cancelled_at timestamptz
);
CREATE INDEX service_product_changes_service_idx ON service_product_changes (service_id, id DESC);
-- One pending change per service: two concurrent requests cannot both wait for payment.
CREATE UNIQUE INDEX service_product_changes_one_pending_idx ON service_product_changes (service_id) WHERE status = 'pending';
-- An upgrade invoice belongs to one change.
CREATE UNIQUE INDEX service_product_changes_invoice_idx ON service_product_changes (invoice_id) WHERE invoice_id IS NOT NULL;
