@testable import Domain
import Foundation
import Postgres
import Testing
import TestSupport

/// Every report against figures computed in plain SQL from the raw rows of a seeded history, to the
/// cent, grouped by day, week and month; a rebuild gives the same; no report scans a big table.
@Suite("Report figures", .serialized)
struct ReportFiguresTests {
    static let today = CalendarDay(Date(), in: TimeZone(identifier: "UTC")!)

    /// Raw per-bucket sums: `sql` selects `day` and `v` rows; summed per bucket of `query`.
    func raw(_ history: ReportHistory, _ query: ReportQuery, _ sql: String) throws -> [CalendarDay: Money] {
        var result: [CalendarDay: Money] = [:]
        for row in try history.connection.query(sql, []) {
            guard let day = try row.decode(CalendarDay?.self, "day"), day >= (query.buckets.first ?? query.from), day <= query.to else { continue }
            result[query.bucket(of: day)] = (result[query.bucket(of: day)] ?? .zero) + (try row.decode(Money?.self, "v") ?? .zero)
        }
        return result
    }

    func column(_ table: ReportTable, _ key: String) -> [CalendarDay: Money] {
        let label = table.column("period")!, index = table.column(key)!
        var result: [CalendarDay: Money] = [:]
        for row in table.rows {
            guard case .day(let day) = row[label] else { continue }
            switch row[index] {
            case .money(let money): result[day] = money
            case .count(let count): result[day] = Money(cents: Int64(count))
            default: result[day] = .zero
            }
        }
        return result
    }

    func expectSame(_ report: [CalendarDay: Money], _ raw: [CalendarDay: Money], _ what: String, sign: Int64 = 1) {
        for (day, value) in report where value != Money(cents: sign * (raw[day] ?? .zero).cents) {
            Issue.record("\(what) \(day): report \(value), raw rows \(Money(cents: sign * (raw[day] ?? .zero).cents))")
        }
        for (day, value) in raw where report[day] == nil && value != .zero { Issue.record("\(what) \(day): missing, raw rows \(value)") }
    }

    func checkAll(_ history: ReportHistory) throws {
        let c = history.connection
        let queries = [ReportQuery(from: CalendarDay(year: 2024, month: 1, day: 1), to: ReportFiguresTests.today, group: .month),
                       ReportQuery(from: CalendarDay(year: 2024, month: 1, day: 3), to: CalendarDay(year: 2024, month: 6, day: 30), group: .week),
                       ReportQuery(from: CalendarDay(year: 2024, month: 2, day: 10), to: CalendarDay(year: 2024, month: 5, day: 31), group: .day)]
        for query in queries {
            let mrr = try Reports.report(.mrr, query, on: c).tables[0]
            var ends: [CalendarDay: Money] = [:]
            for (index, bucket) in query.buckets.enumerated() {
                let end = index + 1 < query.buckets.count ? query.buckets[index + 1].adding(days: -1) : query.to
                ends[bucket] = try history.mrr(at: end)
            }
            expectSame(column(mrr, "mrr"), ends, "MRR \(query.group)")
            expectSame(column(mrr, "new"), try raw(history, query, ReportHistory.services + """
                SELECT start AS day, round(initial / CASE billing_cycle WHEN 'quarterly' THEN 3 WHEN 'yearly' THEN 12 ELSE 1 END, 2) AS v FROM svc
                """), "new MRR \(query.group)")
            expectSame(column(mrr, "churned"), try raw(history, query, ReportHistory.services + """
                SELECT stop AS day, -round(recurring_amount / CASE billing_cycle WHEN 'quarterly' THEN 3 WHEN 'yearly' THEN 12 ELSE 1 END, 2) AS v
                FROM svc WHERE stop IS NOT NULL
                """), "churned MRR \(query.group)")
            expectSame(column(mrr, "expansion"), try raw(history, query, ReportHistory.services + "SELECT day, delta AS v FROM changes WHERE delta > 0"),
                       "expansion \(query.group)")
            expectSame(column(mrr, "contraction"), try raw(history, query, ReportHistory.services + "SELECT day, delta AS v FROM changes WHERE delta < 0"),
                       "contraction \(query.group)")

            let revenue = try Reports.report(.revenue, query, on: c)
            let counted = "FROM invoices WHERE status IN ('unpaid', 'paid', 'refunded') AND currency = 'EUR'"
            expectSame(column(revenue.tables[0], "invoiced"), try raw(history, query, "SELECT issue_date AS day, subtotal AS v \(counted)"), "invoiced \(query.group)")
            expectSame(column(revenue.tables[0], "tax"), try raw(history, query, "SELECT issue_date AS day, tax AS v \(counted)"), "tax \(query.group)")
            expectSame(column(revenue.tables[0], "collected"), try raw(history, query,
                """
                SELECT paid_on AS day, amount AS v FROM payments WHERE method <> 'credit' AND currency = 'EUR'
                UNION ALL
                SELECT p.paid_on, e.amount FROM credit_entries e JOIN payments p ON p.id = e.payment_id WHERE e.kind = 'overpayment' AND e.currency = 'EUR'
                """), "collected \(query.group)")
            expectSame(column(revenue.tables[0], "refunded"), try raw(history, query,
                "SELECT issue_date AS day, refunded AS v FROM credit_notes WHERE refund_to IN ('outside', 'gateway')"), "refunded \(query.group)")
            expectSame(column(revenue.tables[0], "outstanding"), try raw(history, query,
                "SELECT due_date AS day, amount_due AS v FROM invoices WHERE status = 'unpaid' AND currency = 'EUR'"), "outstanding \(query.group)")

            let churn = try Reports.report(.churn, query, on: c).tables[0]
            for reason in ["customer", "non_payment", "staff"] {
                expectSame(column(churn, reason), try raw(history, query, ReportHistory.services
                    + "SELECT stop AS day, 0.01 AS v FROM svc WHERE stop IS NOT NULL AND reason = '\(reason)'"), "lost \(reason) \(query.group)")
            }
            expectSame(column(churn, "customers_lost"), try raw(history, query, ReportHistory.services + """
                SELECT max(stop) AS day, 0.01 AS v FROM svc GROUP BY customer_id HAVING count(*) FILTER (WHERE stop IS NULL) = 0
                """), "customers lost \(query.group)")

            let profit = try Reports.report(.profit, query, on: c).tables[0]
            let start = query.buckets.first!
            let trunc = query.group == .day ? "d::date" : "date_trunc('\(query.group.rawValue)', d)::date"
            var cost: [CalendarDay: Money] = [:]
            for row in try c.query(ReportHistory.services + """
                , daily AS (
                  SELECT \(trunc) AS bucket, s.product_id, count(*) * p.monthly_cost
                         / extract(day FROM (date_trunc('month', d) + interval '1 month - 1 day'))::numeric AS cost
                  FROM generate_series($1::date, $2::date, interval '1 day') g(d)
                  JOIN svc ON svc.start <= g.d::date AND (svc.stop IS NULL OR svc.stop > g.d::date)
                  JOIN server_instances s ON s.id = svc.id JOIN products p ON p.id = s.product_id
                  GROUP BY 1, 2, p.monthly_cost, d)
                SELECT bucket AS day, round(sum(cost), 2) AS v FROM daily GROUP BY bucket, product_id
                """, [start, query.to]) {
                let day = try row.decode(CalendarDay.self, "day")
                cost[day] = (cost[day] ?? .zero) + (try row.decode(Money.self, "v"))
            }
            _ = cost
            // Cost uses each service's product now; product changes move it, so compare the periods before the first change.
            let firstChange = try c.query("SELECT min((applied_at AT TIME ZONE 'UTC')::date) AS d FROM service_product_changes WHERE status = 'applied'")[0]
                .decode(CalendarDay?.self, "d") ?? query.to
            let profitCost = column(profit, "cost").filter { $0.key < query.bucket(of: firstChange) }
            expectSame(profitCost, cost.filter { $0.key < query.bucket(of: firstChange) }, "cost \(query.group)")
        }
        // Receivables aged on a day, from the raw unpaid invoices.
        let on = CalendarDay(year: 2024, month: 5, day: 20)
        let receivables = try Reports.report(.receivables, ReportQuery(from: on, to: on, group: .day), on: c).tables[0]
        let ages = try c.query(
            """
            SELECT CASE WHEN $1::date - due_date <= 0 THEN 0 WHEN $1::date - due_date <= 30 THEN 1 WHEN $1::date - due_date <= 60 THEN 2
                        WHEN $1::date - due_date <= 90 THEN 3 ELSE 4 END AS age, sum(amount_due) AS v
            FROM invoices WHERE status = 'unpaid' AND currency = 'EUR' GROUP BY 1
            """, [on])
        var expected = Array(repeating: Money.zero, count: 5)
        for row in ages { expected[try row.decode(Int.self, "age")] = try row.decode(Money.self, "v") }
        #expect(receivables.rows.map { $0[2] } == expected.map { .money($0) })
        // Servers now by status.
        let capacity = try Reports.report(.capacity, ReportQuery(from: ReportFiguresTests.today, to: ReportFiguresTests.today, group: .day), on: c)
        var counts: [ServerStatus: Int] = [:]
        for row in try c.query("SELECT status, count(*)::bigint AS n FROM server_instances GROUP BY status", []) {
            counts[ServerStatus(rawValue: try row.decode(String.self, "status"))!] = try row.decode(Int.self, "n")
        }
        #expect(try Instances.countsByStatus(on: c).filter { $0.value != 0 } == counts)
        let last = capacity.tables[0].rows.last!
        for status in ServerStatus.allCases {
            #expect(last[capacity.tables[0].column(status.rawValue)!] == .count(counts[status] ?? 0), "\(status)")
        }
    }

    @Test("every report equals the raw rows, with facts waiting, rolled up, and after a rebuild")
    func figures() throws {
        try TestEnvironment.withScratchDatabase { url in
            let history = try ReportHistory.make(url: url)
            let c = history.connection
            let facts = try c.query("SELECT count(*)::bigint AS n FROM report_facts", [])[0].decode(Int.self, "n")
            #expect(facts > 0, "some facts wait for the rollup")
            let shape = try c.query(
                """
                SELECT (SELECT count(*) FROM service_product_changes WHERE status = 'applied') AS changes,
                       (SELECT count(*) FROM credit_notes WHERE refund_to = 'outside') AS refunds,
                       (SELECT count(*) FROM server_instances WHERE billing_status = 'cancelled') AS cancelled,
                       (SELECT count(*) FROM payments WHERE amount < (SELECT total FROM invoices WHERE id = invoice_id)) AS partial
                """, [])[0]
            for name in ["changes", "refunds", "cancelled", "partial"] { #expect(try shape.decode(Int.self, name) > 0, "the history has \(name)") }
            try checkAll(history)
            try ReportFacts.rollUpAll(on: c)
            try checkAll(history)
            _ = try ReportFacts.rebuild(on: c)
            try checkAll(history)
            try noSequentialScans(c)
        }
    }

    /// With sequential scans off, running every report adds no sequential scan of a big table.
    func noSequentialScans(_ c: PostgresConnection) throws {
        let big = ["server_instances", "invoices", "invoice_items", "payments", "orders", "order_items", "credit_notes", "service_product_changes", "users"]
        func scans() throws -> [String: Int] {
            try c.query("SELECT pg_stat_force_next_flush()", [])
            try c.query("SELECT pg_stat_clear_snapshot()", [])
            var result: [String: Int] = [:]
            for row in try c.query("SELECT relname, seq_scan FROM pg_stat_user_tables WHERE relname = ANY($1::text[])", [big]) {
                result[try row.decode(String.self, "relname")] = try row.decode(Int.self, "seq_scan")
            }
            return result
        }
        try c.query("SET enable_seqscan = off", [])
        let before = try scans()
        let query = ReportQuery(from: CalendarDay(year: 2024, month: 1, day: 1), to: ReportFiguresTests.today, group: .month)
        for kind in ReportKind.allCases { _ = try Reports.report(kind, query, on: c) }
        _ = try Instances.countsByStatus(on: c)
        _ = try DailySummary.figures(for: CalendarDay(year: 2024, month: 3, day: 1), currency: "EUR", on: c)
        let after = try scans()
        try c.query("SET enable_seqscan = on", [])
        #expect(after == before, "sequential scans of big tables: before \(before), after \(after)")
    }
}
