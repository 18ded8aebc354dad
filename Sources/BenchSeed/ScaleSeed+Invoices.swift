import Domain
import Postgres

extension ScaleSeed {
    /// Gives this run's services (ids above `firstServer`) the paid invoice of their current
    /// period, as the billing run would have issued it: numbered on from the year's counter
    /// (gapless), one renewal line, its billing period claimed, and a card payment — so billing
    /// and reports at scale see invoices, and the next `vpsctl billing run` bills the period after.
    /// Returns (invoices, payments) added.
    static func addInvoices(after firstServer: Int, batchSize: Int, on connection: PostgresConnection,
                            progress: (Progress) -> Void) throws -> (invoices: Int, payments: Int) {
        let last = try connection.query("SELECT coalesce(max(id), 0)::bigint AS n FROM server_instances")[0].decode(Int.self, "n")
        var added = (invoices: 0, payments: 0)
        var from = firstServer
        progress(Progress(phase: "invoices", done: 0, total: last - firstServer))
        while from < last {
            let to = min(last, from + batchSize)
            // The counters are locked for the batch, so an invoice issued meanwhile cannot take the same number.
            let row = try connection.transaction { connection in
                try connection.query("LOCK TABLE invoice_number_counters IN EXCLUSIVE MODE")
                return try connection.query(invoicesSQL, [from, to])[0]
            }
            added.invoices += try row.decode(Int.self, "invoices")
            added.payments += try row.decode(Int.self, "payments")
            from = to
            progress(Progress(phase: "invoices", done: from - firstServer, total: last - firstServer))
        }
        return added
    }

    /// $1 < service id ≤ $2 (every data-modifying part runs whether or not the final SELECT reads
    /// it). The current period is the one ending at `next_due_date`: its start is
    /// the anchor plus whole cycles (the run's own arithmetic, so 31 Jan stays 31 Jan).
    private static let invoicesSQL = """
        WITH s AS MATERIALIZED (
          SELECT x.*, nextval('invoices_id_seq') AS invoice_id, extract(year FROM x.period_start)::int AS year
          FROM (SELECT s.id, s.customer_id, s.recurring_amount AS amount, s.billing_cycle, s.next_due_date AS period_end,
                       p.name AS product,
                       (s.billing_anchor + make_interval(months =>
                          (extract(year FROM s.next_due_date)::int - extract(year FROM s.billing_anchor)::int) * 12
                          + extract(month FROM s.next_due_date)::int - extract(month FROM s.billing_anchor)::int
                          - CASE s.billing_cycle WHEN 'monthly' THEN 1 WHEN 'quarterly' THEN 3 ELSE 12 END))::date AS period_start
                FROM server_instances s JOIN products p ON p.id = s.product_id
                WHERE s.id > $1 AND s.id <= $2 AND s.billing_cycle IS NOT NULL) x
        ),
        n AS MATERIALIZED (
          SELECT s.*, coalesce(c.last_number, 0) + row_number() OVER (PARTITION BY s.year ORDER BY s.invoice_id) AS seq
          FROM s LEFT JOIN invoice_number_counters c ON c.year = s.year
        ),
        ins_i AS (
          INSERT INTO invoices (id, customer_id, number, number_year, number_seq, status, currency, issue_date, due_date,
                                subtotal, tax, total, amount_due, created_at, paid_at)
          SELECT invoice_id, customer_id, (SELECT invoice_prefix FROM billing_settings) || year || '-' || lpad(seq::text, greatest(6, length(seq::text)), '0'),
                 year, seq, 'paid', 'EUR', period_start, period_start, amount, 0, amount, 0, period_start, period_start
          FROM n RETURNING 1
        ),
        ins_t AS (
          INSERT INTO invoice_items (invoice_id, kind, description, service_id, period_start, period_end, quantity, unit_price, amount)
          SELECT invoice_id, 'renewal', product || ' (' || billing_cycle || ')', id, period_start, period_end, 1, amount, amount FROM n
          RETURNING 1
        ),
        ins_b AS (
          INSERT INTO billing_periods (service_id, period_start, period_end, invoice_id)
          SELECT id, period_start, period_end, invoice_id FROM n RETURNING 1
        ),
        ins_p AS (
          INSERT INTO payments (invoice_id, amount, currency, method, reference, created_at, paid_on)
          SELECT invoice_id, amount, 'EUR', 'card', 'SEED-INV-' || invoice_id, period_start, period_start FROM n WHERE amount > 0
          RETURNING 1
        ),
        counters AS (
          INSERT INTO invoice_number_counters (year, last_number) SELECT year, max(seq) FROM n GROUP BY year
          ON CONFLICT (year) DO UPDATE SET last_number = excluded.last_number
          RETURNING 1
        )
        SELECT (SELECT count(*) FROM ins_i)::bigint AS invoices, (SELECT count(*) FROM ins_p)::bigint AS payments
        """
}
