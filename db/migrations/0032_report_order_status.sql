-- Reports: orders by status now, and an overpayment's excess as money collected.
--
-- The dashboard counted orders by status and summed this month's payments over the raw tables
-- (120 ms and 213 ms at a million orders). Orders now also give an `order_status` fact (like
-- servers' `servers`: dated to the day of the change, a rebuild dates it to the order's creation),
-- so the counts are sums over the aggregates.
--
-- A payment larger than what its invoice owed records the invoice's amount as the payment and the
-- excess as the customer's credit (`credit_entries` kind `overpayment`). That excess is money
-- received too, so it is `collected` on the payment's day (n = 0: it is not another payment).

CREATE OR REPLACE FUNCTION report_order_facts(o orders) RETURNS SETOF report_fact LANGUAGE sql STABLE AS $$
    SELECT 'orders', report_day(o.created_at), o.currency, 0::bigint, '', '', '', 0::bigint, o.total, 1
    UNION ALL
    SELECT 'order_status', report_day(CASE WHEN current_setting('vps.report_rebuild', true) = 'on' THEN o.created_at ELSE now() END), '',
           0::bigint, '', '', o.status, 0::bigint, 0, 1
$$;

DROP TRIGGER orders_report_facts ON orders;
CREATE TRIGGER orders_report_facts AFTER INSERT OR DELETE OR UPDATE OF total, currency, status ON orders
    FOR EACH ROW EXECUTE FUNCTION report_facts_trigger('report_order_facts');

CREATE FUNCTION report_credit_entry_facts(e credit_entries) RETURNS SETOF report_fact LANGUAGE sql STABLE AS $$
    SELECT 'collected', coalesce((SELECT p.paid_on FROM payments p WHERE p.id = e.payment_id), report_day(e.created_at)), e.currency,
           0::bigint, '', '', '', 0::bigint, e.amount, 0
    WHERE e.kind = 'overpayment'
$$;

CREATE TRIGGER credit_entries_report_facts AFTER INSERT OR DELETE OR UPDATE ON credit_entries
    FOR EACH ROW EXECUTE FUNCTION report_facts_trigger('report_credit_entry_facts');

-- The rows already there (what `vpsctl reports rebuild` would add for them).
SELECT set_config('vps.report_rebuild', 'on', true);
INSERT INTO report_facts (metric, day, currency, product_id, location, cycle, reason, customer_id, amount, n)
SELECT f.metric, f.day, f.currency, f.product_id, f.location, f.cycle, f.reason, f.customer_id, f.amount, f.n
FROM orders o CROSS JOIN LATERAL report_order_facts(o) f WHERE f.metric = 'order_status';
INSERT INTO report_facts (metric, day, currency, product_id, location, cycle, reason, customer_id, amount, n)
SELECT f.metric, f.day, f.currency, f.product_id, f.location, f.cycle, f.reason, f.customer_id, f.amount, f.n
FROM credit_entries e CROSS JOIN LATERAL report_credit_entry_facts(e) f WHERE f.day IS NOT NULL;
SELECT set_config('vps.report_rebuild', 'off', true);

-- report_facts is a queue: reads scan it whole, expecting it nearly empty, so its dead rows are
-- vacuumed after thousands, not after 20% of a table that is usually tiny (the rollup vacuums
-- it at once after a large batch too).
ALTER TABLE report_facts SET (autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 5000,
                              autovacuum_vacuum_insert_scale_factor = 0, autovacuum_vacuum_insert_threshold = 5000);
