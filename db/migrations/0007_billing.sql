-- Billing: services with due dates, invoices with gapless numbers, payments on invoices,
-- billing periods (each invoiced once) and the record of every billing run.

-- One row of company billing settings.
CREATE TABLE billing_settings (
    id boolean PRIMARY KEY DEFAULT true CHECK (id),
    time_zone text NOT NULL DEFAULT 'UTC',                 -- due dates are dates in this zone
    invoice_prefix text NOT NULL DEFAULT 'INV-' CHECK (length(invoice_prefix) <= 20),
    lead_days_monthly integer NOT NULL DEFAULT 14 CHECK (lead_days_monthly BETWEEN 0 AND 365),
    lead_days_quarterly integer NOT NULL DEFAULT 14 CHECK (lead_days_quarterly BETWEEN 0 AND 365),
    lead_days_yearly integer NOT NULL DEFAULT 14 CHECK (lead_days_yearly BETWEEN 0 AND 365)
);
INSERT INTO billing_settings DEFAULT VALUES;

-- Every server is a service. The anchor is the first period's start: period k runs from
-- anchor + k cycles to anchor + (k+1) cycles (PostgreSQL's month arithmetic from the anchor keeps
-- its day: 31 Jan → 29 Feb → 31 Mar). next_due_date is the end of the last paid period (the
-- paid-through date); invoiced_until the end of the last invoiced one.
ALTER TABLE server_instances
    ADD COLUMN billing_cycle text CHECK (billing_cycle IN ('monthly', 'quarterly', 'yearly')),
    ADD COLUMN recurring_amount numeric(12, 2) NOT NULL DEFAULT 0 CHECK (recurring_amount >= 0),
    ADD COLUMN currency text NOT NULL DEFAULT 'EUR' CHECK (currency ~ '^[A-Z]{3}$'),
    ADD COLUMN billing_anchor date,
    ADD COLUMN next_due_date date,
    ADD COLUMN invoiced_until date,
    ADD COLUMN billing_status text NOT NULL DEFAULT 'current' CHECK (billing_status IN ('current', 'overdue', 'cancelled')),
    ADD CONSTRAINT server_instances_billing_check CHECK (
        billing_cycle IS NULL OR (billing_anchor IS NOT NULL AND next_due_date IS NOT NULL AND invoiced_until IS NOT NULL));
CREATE INDEX server_instances_invoiced_until_idx ON server_instances (invoiced_until)
    WHERE billing_cycle IS NOT NULL AND billing_status <> 'cancelled';
CREATE INDEX server_instances_overdue_idx ON server_instances (next_due_date)
    WHERE billing_cycle IS NOT NULL AND billing_status = 'current';

-- One counter row per year, locked by the issuing transaction: numbers are gapless (a rolled
-- back issue rolls the counter back too) — never a sequence, which has gaps.
CREATE TABLE invoice_number_counters (
    year integer PRIMARY KEY,
    last_number integer NOT NULL CHECK (last_number >= 0)
);

CREATE TABLE invoices (
    id bigserial PRIMARY KEY,
    customer_id bigint NOT NULL REFERENCES users (id),
    order_id bigint REFERENCES orders (id) ON DELETE SET NULL,
    number text UNIQUE,
    number_year integer,
    number_seq integer,
    status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'unpaid', 'paid', 'cancelled', 'refunded')),
    currency text NOT NULL DEFAULT 'EUR' CHECK (currency ~ '^[A-Z]{3}$'),
    issue_date date,
    due_date date,
    subtotal numeric(12, 2) NOT NULL DEFAULT 0,
    tax numeric(12, 2) NOT NULL DEFAULT 0,
    total numeric(12, 2) NOT NULL DEFAULT 0,
    amount_due numeric(12, 2) NOT NULL DEFAULT 0 CHECK (amount_due >= 0),
    billing_run_id bigint,
    created_at timestamptz NOT NULL DEFAULT now(),
    paid_at timestamptz,
    cancelled_at timestamptz,
    UNIQUE (number_year, number_seq),
    CHECK (status = 'draft' OR (number IS NOT NULL AND issue_date IS NOT NULL AND due_date IS NOT NULL)),
    CHECK (total = subtotal + tax)
);
CREATE INDEX invoices_customer_idx ON invoices (customer_id, id DESC);
CREATE INDEX invoices_status_idx ON invoices (status, id DESC);
CREATE INDEX invoices_order_idx ON invoices (order_id) WHERE order_id IS NOT NULL;

CREATE TABLE invoice_items (
    id bigserial PRIMARY KEY,
    invoice_id bigint NOT NULL REFERENCES invoices (id) ON DELETE CASCADE,
    kind text NOT NULL CHECK (kind IN ('new_service', 'renewal', 'setup_fee', 'manual')),
    description text NOT NULL CHECK (length(description) <= 500),
    service_id bigint REFERENCES server_instances (id),
    order_item_id bigint REFERENCES order_items (id) ON DELETE SET NULL,
    period_start date,
    period_end date,
    quantity integer NOT NULL DEFAULT 1 CHECK (quantity > 0),
    unit_price numeric(12, 2) NOT NULL,
    amount numeric(12, 2) NOT NULL,
    CHECK (amount = unit_price * quantity),
    CHECK ((period_start IS NULL) = (period_end IS NULL) AND (period_start IS NULL OR period_end > period_start))
);
CREATE INDEX invoice_items_invoice_idx ON invoice_items (invoice_id, id);

-- Exactly once: one row per service and period, claimed (INSERT … ON CONFLICT DO NOTHING on the
-- primary key) in the transaction that invoices it; only claimed periods become invoice items.
-- Cancelling an invoice releases its periods, so the next run bills them again.
CREATE TABLE billing_periods (
    service_id bigint NOT NULL REFERENCES server_instances (id),
    period_start date NOT NULL,
    period_end date NOT NULL CHECK (period_end > period_start),
    invoice_id bigint NOT NULL REFERENCES invoices (id),
    PRIMARY KEY (service_id, period_start)
);
CREATE INDEX billing_periods_invoice_idx ON billing_periods (invoice_id);

-- Payments now settle invoices and may be partial, so an order's invoice can have several; each
-- names its order. A payment without an invoice (an order from before invoices) stays one per order.
ALTER TABLE payments
    ALTER COLUMN order_id DROP NOT NULL,
    DROP CONSTRAINT payments_order_id_key,
    ADD COLUMN invoice_id bigint REFERENCES invoices (id),
    ADD COLUMN paid_on date;
CREATE UNIQUE INDEX payments_one_per_order_idx ON payments (order_id) WHERE invoice_id IS NULL;
CREATE INDEX payments_order_idx ON payments (order_id) WHERE order_id IS NOT NULL;
CREATE INDEX payments_invoice_idx ON payments (invoice_id, id) WHERE invoice_id IS NOT NULL;

CREATE TABLE billing_runs (
    id bigserial PRIMARY KEY,
    run_at timestamptz NOT NULL,                 -- the moment the run billed for (--now)
    started_at timestamptz NOT NULL DEFAULT clock_timestamp(),
    finished_at timestamptz,
    customers integer NOT NULL DEFAULT 0,
    invoices_issued integer NOT NULL DEFAULT 0,
    periods_invoiced integer NOT NULL DEFAULT 0,
    services_overdue integer NOT NULL DEFAULT 0,
    failures integer NOT NULL DEFAULT 0,
    failure_details text NOT NULL DEFAULT ''
);
