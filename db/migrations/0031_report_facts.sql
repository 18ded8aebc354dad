-- Reports: facts (delta rows) written in the transaction of every change, rolled up per day.
--
-- Each raw row (invoice, invoice item, payment, credit note, server, product change, order)
-- contributes a set of facts that is a pure function of that row (`report_*_facts`). A trigger
-- inserts the row's new facts and the negation of its old ones when they differ; `vpsctl reports
-- rebuild` inserts the facts of every row as it is. Both are the same function, so the running
-- figures and a rebuild cannot disagree. Facts are append-only inserts (no shared counter row in an
-- order's or a payment's transaction); the rollup deletes them (FOR UPDATE SKIP LOCKED, under an
-- advisory lock) and adds them into the per-day tables in the same transaction, so each fact is
-- counted exactly once, and a fact dated to a day already rolled up is simply added to that day.
-- Reads sum the rolled days and the facts not yet rolled.

-- One fact: a metric's change on a day, with the dimensions reports break it down by.
CREATE TYPE report_fact AS (
    metric text, day date, currency text, product_id bigint, location text, cycle text, reason text, customer_id bigint,
    amount numeric(14, 2), n integer);

CREATE TABLE report_facts (
    id bigserial PRIMARY KEY,
    metric text NOT NULL,
    day date NOT NULL,
    currency text NOT NULL DEFAULT '',
    product_id bigint NOT NULL DEFAULT 0,
    location text NOT NULL DEFAULT '',
    cycle text NOT NULL DEFAULT '',
    reason text NOT NULL DEFAULT '',
    customer_id bigint NOT NULL DEFAULT 0,
    amount numeric(14, 2) NOT NULL DEFAULT 0,
    n integer NOT NULL DEFAULT 0
);
CREATE INDEX report_facts_metric_idx ON report_facts (metric, day);

-- The rolled-up days: one row per metric, day, currency and dimensions.
CREATE TABLE report_daily (
    metric text NOT NULL,
    day date NOT NULL,
    currency text NOT NULL,
    product_id bigint NOT NULL,
    location text NOT NULL,
    cycle text NOT NULL,
    reason text NOT NULL,
    amount numeric(14, 2) NOT NULL,
    n integer NOT NULL,
    PRIMARY KEY (metric, day, currency, product_id, location, cycle, reason)
);

-- Per customer: services running now and the day the last one ended (churn), and what is owed now.
CREATE TABLE report_customers (
    customer_id bigint PRIMARY KEY,
    active_services integer NOT NULL DEFAULT 0,
    last_end date,
    currency text NOT NULL DEFAULT '',
    due numeric(14, 2) NOT NULL DEFAULT 0,
    due_invoices integer NOT NULL DEFAULT 0
);
CREATE INDEX report_customers_lost_idx ON report_customers (last_end) WHERE active_services = 0;
CREATE INDEX report_customers_active_idx ON report_customers (customer_id) WHERE active_services > 0;
CREATE INDEX report_customers_due_idx ON report_customers (currency, due DESC) WHERE due > 0;

-- Servers now, by status, product and location (the dashboard's counts).
CREATE TABLE report_servers (
    status text NOT NULL,
    product_id bigint NOT NULL,
    location text NOT NULL,
    n integer NOT NULL,
    PRIMARY KEY (status, product_id, location)
);

-- What a server costs the company per month (profit and loss).
ALTER TABLE products ADD COLUMN monthly_cost numeric(12, 2) NOT NULL DEFAULT 0 CHECK (monthly_cost >= 0);

-- An invoice line's product, location and cycle as they were when it was written (the service's
-- product changes later; the line's revenue stays with the product it was for).
ALTER TABLE invoice_items
    ADD COLUMN product_id bigint,
    ADD COLUMN location text NOT NULL DEFAULT '',
    ADD COLUMN cycle text NOT NULL DEFAULT '';

CREATE FUNCTION report_item_dimensions() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.product_id IS NULL THEN
        IF NEW.service_id IS NOT NULL THEN
            SELECT s.product_id, s.datacenter_location, coalesce(s.billing_cycle, '') INTO NEW.product_id, NEW.location, NEW.cycle
            FROM server_instances s WHERE s.id = NEW.service_id;
        ELSIF NEW.order_item_id IS NOT NULL THEN
            SELECT oi.product_id, p.datacenter_location, oi.billing_cycle INTO NEW.product_id, NEW.location, NEW.cycle
            FROM order_items oi JOIN products p ON p.id = oi.product_id WHERE oi.id = NEW.order_item_id;
        END IF;
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER invoice_items_report_dimensions BEFORE INSERT ON invoice_items FOR EACH ROW EXECUTE FUNCTION report_item_dimensions();
UPDATE invoice_items ii SET product_id = s.product_id, location = s.datacenter_location, cycle = coalesce(s.billing_cycle, '')
FROM server_instances s WHERE s.id = ii.service_id;
UPDATE invoice_items ii SET product_id = oi.product_id, location = p.datacenter_location, cycle = oi.billing_cycle
FROM order_items oi JOIN products p ON p.id = oi.product_id WHERE oi.id = ii.order_item_id AND ii.service_id IS NULL;

-- The company's day of a moment.
CREATE FUNCTION report_day(moment timestamptz) RETURNS date LANGUAGE sql STABLE AS $$
    SELECT (moment AT TIME ZONE (SELECT time_zone FROM billing_settings))::date
$$;

-- A recurring amount normalised to a month: quarterly / 3, yearly / 12, rounded half away from zero to the cent.
CREATE FUNCTION report_monthly(amount numeric, cycle text) RETURNS numeric LANGUAGE sql IMMUTABLE AS $$
    SELECT round(amount / CASE cycle WHEN 'quarterly' THEN 3 WHEN 'yearly' THEN 12 ELSE 1 END, 2)
$$;

-- An issued invoice (not draft, not cancelled): its net amount and tax on its issue day; while
-- unpaid, what is still due on its due day (receivables).
CREATE FUNCTION report_invoice_facts(i invoices) RETURNS SETOF report_fact LANGUAGE sql STABLE AS $$
    SELECT 'invoiced', i.issue_date, i.currency, 0::bigint, '', '', '', i.customer_id, i.subtotal, 1
    WHERE i.status IN ('unpaid', 'paid', 'refunded')
    UNION ALL
    SELECT 'tax', i.issue_date, i.currency, 0::bigint, '', '', '', i.customer_id, i.tax, 0
    WHERE i.status IN ('unpaid', 'paid', 'refunded')
    UNION ALL
    SELECT 'due', i.due_date, i.currency, 0::bigint, '', '', '', i.customer_id, i.amount_due, 1
    WHERE i.status = 'unpaid'
    UNION ALL
    SELECT 'invoiced_item', i.issue_date, i.currency, coalesce(ii.product_id, 0), ii.location, ii.cycle, '', i.customer_id, ii.amount, 0
    FROM invoice_items ii WHERE ii.invoice_id = i.id AND i.status IN ('unpaid', 'paid', 'refunded')
$$;

-- Money received (not credit from the customer's balance) on the day it was paid.
CREATE FUNCTION report_payment_facts(p payments) RETURNS SETOF report_fact LANGUAGE sql STABLE AS $$
    SELECT 'collected', coalesce(p.paid_on, report_day(p.created_at)), p.currency, 0::bigint, '', '', '', 0::bigint, p.amount, 1
    WHERE p.method <> 'credit'
$$;

-- Money given back (to the card or outside the portal, not to the credit balance) on the credit note's day.
CREATE FUNCTION report_credit_note_facts(c credit_notes) RETURNS SETOF report_fact LANGUAGE sql STABLE AS $$
    SELECT 'refunded', c.issue_date, c.currency, 0::bigint, '', '', '', 0::bigint, c.refunded, 1
    WHERE c.refunded > 0 AND c.refund_to IN ('outside', 'gateway')
$$;

CREATE FUNCTION report_order_facts(o orders) RETURNS SETOF report_fact LANGUAGE sql STABLE AS $$
    SELECT 'orders', report_day(o.created_at), o.currency, 0::bigint, '', '', '', 0::bigint, o.total, 1
$$;

-- A billed service is recurring revenue from its first period's start (billing_anchor) until it
-- ends: the cancellation's day once billing is cancelled, else the day it was terminated. The
-- amount is the service's recurring amount now; product changes correct the days before them.
CREATE FUNCTION report_server_facts(s server_instances) RETURNS SETOF report_fact LANGUAGE sql STABLE AS $$
    WITH e AS (
        SELECT CASE WHEN s.billing_status = 'cancelled' THEN s.cancellation_date
                    WHEN s.status = 'terminated' THEN report_day(coalesce(s.terminated_at, s.updated_at)) END AS ended),
    b AS (
        SELECT s.billing_anchor AS start, CASE WHEN e.ended < s.billing_anchor THEN s.billing_anchor ELSE e.ended END AS stop,
               CASE WHEN s.billing_status <> 'cancelled' THEN 'staff'
                    WHEN s.cancellation_requested_by = s.customer_id THEN 'customer'
                    WHEN s.cancellation_requested_by IS NOT NULL THEN 'staff'
                    ELSE 'non_payment' END AS reason,
               report_monthly(s.recurring_amount, s.billing_cycle) AS mrr
        FROM e WHERE s.billing_cycle IS NOT NULL)
    SELECT 'mrr_new', b.start, s.currency, 0::bigint, '', s.billing_cycle, '', s.customer_id, b.mrr, 1 FROM b
    UNION ALL
    SELECT 'mrr_churn', b.stop, s.currency, 0::bigint, '', s.billing_cycle, b.reason, s.customer_id, -b.mrr, 1
    FROM b WHERE b.stop IS NOT NULL
    UNION ALL
    SELECT 'services', b.start, s.currency, coalesce(s.product_id, 0), '', '', '', s.customer_id, 0, 1 FROM b
    UNION ALL
    SELECT 'services', b.stop, s.currency, coalesce(s.product_id, 0), '', '', b.reason, s.customer_id, 0, -1 FROM b WHERE b.stop IS NOT NULL
    UNION ALL
    -- Servers by status on the day of the change (real clock); a rebuild dates each server's status to its creation.
    SELECT 'servers', report_day(CASE WHEN current_setting('vps.report_rebuild', true) = 'on' THEN s.created_at ELSE now() END), '',
           coalesce(s.product_id, 0), s.datacenter_location, '', s.status, 0::bigint, 0, 1
$$;

-- An applied upgrade (expansion) or downgrade (contraction) on the day it was applied, and the
-- correction of the service's days before it (which its current amount would otherwise count).
CREATE FUNCTION report_product_change_facts(c service_product_changes) RETURNS SETOF report_fact LANGUAGE sql STABLE AS $$
    WITH d AS (
        SELECT s.billing_anchor AS start, s.currency, report_day(c.applied_at) AS applied,
               report_monthly(c.new_amount, c.billing_cycle) - report_monthly(c.old_amount, c.billing_cycle) AS delta
        FROM server_instances s WHERE s.id = c.service_id AND s.billing_cycle IS NOT NULL AND c.status = 'applied')
    SELECT CASE WHEN d.delta > 0 THEN 'mrr_expansion' ELSE 'mrr_contraction' END, d.applied, d.currency, 0::bigint, '',
           c.billing_cycle, '', c.customer_id, d.delta, 1
    FROM d WHERE d.delta <> 0
    UNION ALL
    SELECT 'mrr_new', d.start, d.currency, 0::bigint, '', c.billing_cycle, '', c.customer_id, -d.delta, 0
    FROM d WHERE d.delta <> 0
$$;

-- The triggers: the row's facts that are new and the negation of those that are gone.
CREATE FUNCTION report_record_facts(old_facts report_fact[], new_facts report_fact[]) RETURNS void LANGUAGE sql AS $$
    INSERT INTO report_facts (metric, day, currency, product_id, location, cycle, reason, customer_id, amount, n)
    SELECT f.metric, f.day, f.currency, f.product_id, f.location, f.cycle, f.reason, f.customer_id, f.sign * f.amount, f.sign * f.n
    FROM (SELECT 1 AS sign, * FROM (SELECT * FROM unnest(new_facts) EXCEPT ALL SELECT * FROM unnest(old_facts)) added
          UNION ALL
          SELECT -1, * FROM (SELECT * FROM unnest(old_facts) EXCEPT ALL SELECT * FROM unnest(new_facts)) gone) f
    WHERE f.day IS NOT NULL AND old_facts IS DISTINCT FROM new_facts
$$;

CREATE FUNCTION report_facts_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    old_facts report_fact[] := '{}';
    new_facts report_fact[] := '{}';
BEGIN
    IF TG_OP <> 'INSERT' THEN
        EXECUTE format('SELECT array(SELECT f FROM %I($1) f)', TG_ARGV[0]) INTO old_facts USING OLD;
    END IF;
    IF TG_OP <> 'DELETE' THEN
        EXECUTE format('SELECT array(SELECT f FROM %I($1) f)', TG_ARGV[0]) INTO new_facts USING NEW;
    END IF;
    PERFORM report_record_facts(old_facts, new_facts);
    RETURN NULL;
END $$;

CREATE TRIGGER invoices_report_facts AFTER INSERT OR DELETE OR UPDATE OF status, issue_date, due_date, subtotal, tax, amount_due, currency
    ON invoices FOR EACH ROW EXECUTE FUNCTION report_facts_trigger('report_invoice_facts');
CREATE TRIGGER payments_report_facts AFTER INSERT OR DELETE OR UPDATE ON payments
    FOR EACH ROW EXECUTE FUNCTION report_facts_trigger('report_payment_facts');
CREATE TRIGGER credit_notes_report_facts AFTER INSERT OR DELETE OR UPDATE ON credit_notes
    FOR EACH ROW EXECUTE FUNCTION report_facts_trigger('report_credit_note_facts');
CREATE TRIGGER orders_report_facts AFTER INSERT OR DELETE OR UPDATE OF total, currency ON orders
    FOR EACH ROW EXECUTE FUNCTION report_facts_trigger('report_order_facts');
CREATE TRIGGER server_instances_report_facts AFTER INSERT OR DELETE OR UPDATE OF status, billing_cycle, recurring_amount, currency,
    billing_anchor, billing_status, cancellation_date, cancellation_requested_by, terminated_at, product_id, datacenter_location, customer_id
    ON server_instances FOR EACH ROW EXECUTE FUNCTION report_facts_trigger('report_server_facts');
CREATE TRIGGER service_product_changes_report_facts AFTER INSERT OR DELETE OR UPDATE OF status, applied_at
    ON service_product_changes FOR EACH ROW EXECUTE FUNCTION report_facts_trigger('report_product_change_facts');

-- An item added to an invoice already issued (the invoice's own trigger counted the items it had then).
CREATE FUNCTION report_item_facts_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO report_facts (metric, day, currency, product_id, location, cycle, reason, customer_id, amount, n)
    SELECT 'invoiced_item', i.issue_date, i.currency, coalesce(NEW.product_id, 0), NEW.location, NEW.cycle, '', i.customer_id, NEW.amount, 0
    FROM invoices i WHERE i.id = NEW.invoice_id AND i.status IN ('unpaid', 'paid', 'refunded');
    RETURN NULL;
END $$;
CREATE TRIGGER invoice_items_report_facts AFTER INSERT ON invoice_items FOR EACH ROW EXECUTE FUNCTION report_item_facts_trigger();

-- The daily summary: on or off, and the days already sent (one per day, whichever run queues it).
ALTER TABLE billing_settings ADD COLUMN daily_summary boolean NOT NULL DEFAULT true;
