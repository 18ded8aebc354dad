/// The set-based statement behind a customer's renewal invoice.
enum RenewalSQL {
    /// $1 invoice, $2 customer, $3 currency, $4 today, $5–$7 lead days (monthly, quarterly, yearly).
    ///
    /// Period k of a service runs from anchor + k cycles to anchor + (k+1) cycles; months are added
    /// to the anchor (never to the previous due date), so the anchor day is kept. Periods from the
    /// invoiced-until date up to today + lead days are generated and claimed in `billing_periods`
    /// with `ON CONFLICT DO NOTHING` on its primary key: a period already claimed (by an earlier
    /// or a concurrent run) is skipped by the unique index itself, not by a check that could race.
    /// Only claimed periods become items; the services' invoiced-until dates move to the last
    /// generated period's end. No period starting on or after a service's cancellation date is generated.
    static let invoiceDuePeriods = """
        WITH svc AS (
          SELECT s.id, s.billing_anchor, s.invoiced_until, s.recurring_amount, s.hostname, p.name AS product_name, s.cancellation_date,
                 CASE s.billing_cycle WHEN 'monthly' THEN 1 WHEN 'quarterly' THEN 3 ELSE 12 END AS months,
                 $4::date + CASE s.billing_cycle WHEN 'monthly' THEN $5::integer WHEN 'quarterly' THEN $6::integer ELSE $7::integer END AS horizon
          FROM server_instances s LEFT JOIN products p ON p.id = s.product_id
          WHERE s.customer_id = $2 AND s.currency = $3 AND s.billing_cycle IS NOT NULL AND s.billing_status <> 'cancelled'
            AND s.status <> 'terminated'
          FOR UPDATE OF s),
        due AS (
          SELECT svc.*, first.k,
                 ((extract(year FROM horizon)::integer - extract(year FROM billing_anchor)::integer) * 12
                   + extract(month FROM horizon)::integer - extract(month FROM billing_anchor)::integer) / months AS last_k
          FROM svc, LATERAL (SELECT ((extract(year FROM invoiced_until)::integer - extract(year FROM billing_anchor)::integer) * 12
                   + extract(month FROM invoiced_until)::integer - extract(month FROM billing_anchor)::integer) / months AS k) first
          WHERE invoiced_until <= horizon AND (cancellation_date IS NULL OR invoiced_until < cancellation_date)),
        periods AS (
          SELECT due.id AS service_id, due.recurring_amount, due.product_name, due.hostname,
                 (due.billing_anchor + make_interval(months => n * due.months))::date AS period_start,
                 (due.billing_anchor + make_interval(months => (n + 1) * due.months))::date AS period_end, due.horizon
          FROM due, generate_series(due.k, due.last_k) AS n
          WHERE due.cancellation_date IS NULL OR (due.billing_anchor + make_interval(months => n * due.months))::date < due.cancellation_date),
        claimed AS (
          INSERT INTO billing_periods (service_id, period_start, period_end, invoice_id)
          SELECT service_id, period_start, period_end, $1 FROM periods WHERE period_start <= horizon
          ON CONFLICT (service_id, period_start) DO NOTHING
          RETURNING service_id, period_start),
        items AS (
          INSERT INTO invoice_items (invoice_id, kind, description, service_id, period_start, period_end, quantity, unit_price, amount)
          SELECT $1, 'renewal',
                 left('Renewal: ' || coalesce(p.product_name, 'server') || CASE WHEN p.hostname = '' THEN '' ELSE ' ' || p.hostname END
                      || ' (' || p.period_start || ' to ' || p.period_end || ')', 500),
                 p.service_id, p.period_start, p.period_end, 1, p.recurring_amount, p.recurring_amount
          FROM claimed c JOIN periods p ON p.service_id = c.service_id AND p.period_start = c.period_start
          ORDER BY p.service_id, p.period_start
          RETURNING 1),
        moved AS (
          UPDATE server_instances s SET invoiced_until = m.until
          FROM (SELECT service_id, max(period_end) AS until FROM periods WHERE period_start <= horizon GROUP BY service_id) m
          WHERE s.id = m.service_id AND m.until > s.invoiced_until RETURNING 1)
        SELECT (SELECT count(*) FROM items)::integer AS n, (SELECT count(*) FROM moved)::integer AS moved
        """
}
