import Foundation
import Postgres

/// The bench's report timings: each report (twelve months by month, and the last 90 days by day)
/// and the dashboard's figures, median of `runs` in milliseconds; optionally the plans of the reads.
public enum ReportTiming {
    public static func measure(runs: Int, explain: Bool, on connection: PostgresConnection) throws -> [String] {
        let today = CalendarDay(Date(), in: TimeZone(identifier: "UTC")!)
        let year = try ReportQuery.parse([:], today: today)
        let days = ReportQuery(from: today.adding(days: -89), to: today, group: .day)
        var lines: [String] = []
        func time(_ name: String, _ body: () throws -> Void) throws {
            var samples: [Double] = []
            for _ in 0..<max(1, runs) {
                let started = DispatchTime.now().uptimeNanoseconds
                try body()
                samples.append(Double(DispatchTime.now().uptimeNanoseconds - started) / 1_000_000)
            }
            samples.sort()
            lines.append(String(format: "report %-28@ median %7.2f ms  max %7.2f ms", name as NSString, samples[samples.count / 2], samples.last!))
        }
        for kind in ReportKind.allCases {
            try time("\(kind.rawValue) 12 months") { _ = try Reports.report(kind, year, on: connection) }
            try time("\(kind.rawValue) 90 days") { _ = try Reports.report(kind, days, on: connection) }
        }
        try time("servers by status") { _ = try Instances.countsByStatus(on: connection) }
        try time("orders by status, this month") { _ = try Orders.stats(today: today, currency: CreditLedger.defaultCurrency, on: connection) }
        try time("recent activity") { _ = try AuditLog.list(on: connection, page: PageRequest(limit: 10)) }
        try time("daily summary figures") { _ = try DailySummary.figures(for: today.adding(days: -1), currency: CreditLedger.defaultCurrency, on: connection) }
        if explain {
            let statements = [
                "SELECT metric, day, sum(amount), sum(n) FROM (SELECT metric, day, amount, n FROM report_daily WHERE metric = ANY('{invoiced,collected}') AND currency = 'EUR' AND day BETWEEN '\(year.from)' AND '\(year.to)' UNION ALL SELECT metric, day, amount, n FROM report_facts WHERE metric = ANY('{invoiced,collected}') AND currency = 'EUR' AND day BETWEEN '\(year.from)' AND '\(year.to)') x GROUP BY 1, 2",
                "SELECT status, sum(n) FROM (SELECT status, n FROM report_servers UNION ALL SELECT reason, n FROM report_facts WHERE metric = 'servers') x GROUP BY 1",
                "SELECT reason, sum(n) FROM (SELECT reason, n FROM report_daily WHERE metric = 'order_status' AND currency = '' UNION ALL SELECT reason, n FROM report_facts WHERE metric = 'order_status' AND currency = '') x GROUP BY 1",
                "SELECT customer_id, due FROM report_customers WHERE currency = 'EUR' AND due > 0 ORDER BY due DESC LIMIT 100",
                "SELECT count(*) FROM report_customers WHERE active_services > 0"]
            for statement in statements {
                lines.append("EXPLAIN ANALYZE \(statement)")
                for row in try connection.query("EXPLAIN (ANALYZE, COSTS OFF) \(statement)", []) { lines.append("  " + (try row.decode(String.self, "QUERY PLAN"))) }
            }
        }
        return lines
    }
}
