import Postgres

/// The reports' facts (migration 0031): delta rows written by triggers in the transaction of every
/// change, rolled up per day by the billing run and the job runner. See README "Reports".
public enum ReportFacts {
    static let lockClass: Int32 = 0x7265_7074

    /// Moves up to `batch` waiting facts into the per-day and per-customer tables, in one
    /// transaction: each fact is deleted as it is added, so none is counted twice, whatever runs
    /// concurrently (rollups serialise on an advisory lock; changes keep inserting facts meanwhile).
    /// Returns how many facts it rolled up.
    @discardableResult
    public static func rollUp(batch: Int = 50_000, on connection: PostgresConnection) throws -> Int {
        try connection.transaction { connection in
            try connection.query("SELECT pg_advisory_xact_lock($1::integer, 0)", [lockClass])
            return try connection.query(rollUpSQL, [batch])[0].decode(Int.self, "n")
        }
    }

    /// Rolls up until no fact waits; returns how many. After a large rollup the emptied table is
    /// vacuumed at once: reads scan `report_facts` whole (it is meant to be nearly empty), and a
    /// million dead rows left for autovacuum made every report page 2× slower meanwhile.
    @discardableResult
    public static func rollUpAll(on connection: PostgresConnection) throws -> Int {
        var total = 0
        while true {
            let done = try rollUp(on: connection)
            total += done
            if done == 0 { break }
        }
        if total >= vacuumAfter && !connection.inTransaction { try connection.query("VACUUM (ANALYZE) report_facts") }
        return total
    }

    /// How many facts rolled up at once make the rollup vacuum `report_facts` itself.
    static let vacuumAfter = 20_000

    /// Recomputes every figure from the raw rows: for existing databases after the migration and
    /// for a bench database after seeding. Holds the fact tables exclusively meanwhile (changes wait).
    public static func rebuild(on connection: PostgresConnection) throws -> Int {
        let facts = try connection.transaction { connection -> Int in
            try connection.query("SELECT pg_advisory_xact_lock($1::integer, 0)", [lockClass])
            try connection.query("LOCK TABLE report_facts, report_daily, report_customers, report_servers IN EXCLUSIVE MODE")
            try connection.query("TRUNCATE report_facts, report_daily, report_customers, report_servers")
            try connection.query("SET LOCAL vps.report_rebuild = 'on'")
            var total = 0
            for (table, function) in sources {
                total += try connection.query(
                    """
                    WITH f AS (
                      INSERT INTO report_facts (metric, day, currency, product_id, location, cycle, reason, customer_id, amount, n)
                      SELECT f.metric, f.day, f.currency, f.product_id, f.location, f.cycle, f.reason, f.customer_id, f.amount, f.n
                      FROM \(unescaped: table) r CROSS JOIN LATERAL \(unescaped: function)(r) f WHERE f.day IS NOT NULL RETURNING 1)
                    SELECT count(*) AS n FROM f
                    """)[0].decode(Int.self, "n")
            }
            return total
        }
        try rollUpAll(on: connection)
        return facts
    }

    /// Runs a bulk load (the scale seed) with the fact triggers off, then recomputes every figure
    /// from the raw rows, also when the load failed part way. Per-row triggers made a million-row
    /// seed 18 times slower; the rebuild gives the same figures (same functions). Returns the
    /// load's result and how many facts the rebuild wrote.
    public static func bulkLoad<R>(on connection: PostgresConnection, _ load: () throws -> R) throws -> (result: R, facts: Int) {
        try setTriggers(enabled: false, on: connection)
        let result: Result<R, any Error> = Result { try load() }
        try setTriggers(enabled: true, on: connection)
        let facts = try rebuild(on: connection)
        return (try result.get(), facts)
    }

    private static func setTriggers(enabled: Bool, on connection: PostgresConnection) throws {
        try connection.transaction { connection in
            for row in try connection.query(
                "SELECT tgrelid::regclass::text AS tab, tgname FROM pg_trigger WHERE tgname LIKE '%\\_report\\_facts' AND NOT tgisinternal") {
                let table = try row.decode(String.self, "tab"), trigger = try row.decode(String.self, "tgname")
                try connection.query("ALTER TABLE \(unescaped: table) \(unescaped: enabled ? "ENABLE" : "DISABLE") TRIGGER \(unescaped: trigger)")
            }
        }
    }

    /// Each raw table and the function giving its rows' facts (the triggers use the same).
    static let sources = [("invoices", "report_invoice_facts"), ("payments", "report_payment_facts"),
                          ("credit_notes", "report_credit_note_facts"), ("credit_entries", "report_credit_entry_facts"),
                          ("orders", "report_order_facts"),
                          ("server_instances", "report_server_facts"), ("service_product_changes", "report_product_change_facts")]

    static let rollUpSQL = """
        WITH taken AS (
          DELETE FROM report_facts WHERE id IN (SELECT id FROM report_facts ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED) RETURNING *),
        daily AS (
          INSERT INTO report_daily AS d (metric, day, currency, product_id, location, cycle, reason, amount, n)
          SELECT metric, day, currency, product_id, CASE WHEN metric = 'servers' THEN '' ELSE location END, cycle, reason, sum(amount), sum(n)
          FROM taken
          GROUP BY metric, day, currency, product_id, CASE WHEN metric = 'servers' THEN '' ELSE location END, cycle, reason
          ON CONFLICT (metric, day, currency, product_id, location, cycle, reason)
          DO UPDATE SET amount = d.amount + excluded.amount, n = d.n + excluded.n),
        servers AS (
          INSERT INTO report_servers AS s (status, product_id, location, n)
          SELECT reason, product_id, location, sum(n) FROM taken WHERE metric = 'servers' GROUP BY reason, product_id, location
          ON CONFLICT (status, product_id, location) DO UPDATE SET n = s.n + excluded.n),
        customers AS (
          INSERT INTO report_customers AS c (customer_id, active_services, last_end, currency, due, due_invoices)
          SELECT customer_id, coalesce(sum(n) FILTER (WHERE metric = 'services'), 0), max(day) FILTER (WHERE metric = 'services' AND reason <> '' AND n < 0),
                 coalesce(max(currency) FILTER (WHERE metric = 'due'), ''), coalesce(sum(amount) FILTER (WHERE metric = 'due'), 0),
                 coalesce(sum(n) FILTER (WHERE metric = 'due'), 0)
          FROM taken WHERE metric IN ('services', 'due') GROUP BY customer_id
          ON CONFLICT (customer_id) DO UPDATE SET active_services = c.active_services + excluded.active_services,
              last_end = greatest(c.last_end, excluded.last_end), currency = CASE excluded.currency WHEN '' THEN c.currency ELSE excluded.currency END,
              due = c.due + excluded.due, due_invoices = c.due_invoices + excluded.due_invoices)
        SELECT count(*) AS n FROM taken
        """
}
