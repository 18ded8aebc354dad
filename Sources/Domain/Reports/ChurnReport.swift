import Postgres

/// Churn: services lost per bucket by reason (cancelled by the customer, terminated for
/// non-payment, ended by staff), the MRR they took, customers lost (whose last service ended in
/// the bucket and who have none now); ARPU and lifetime value at the end of the range.
enum ChurnReport {
    static let reasons = [("customer", "Cancelled by customer"), ("non_payment", "Terminated for non-payment"), ("staff", "By staff")]

    static func build(_ query: ReportQuery, currency: String, on connection: PostgresConnection) throws -> Report {
        let start = query.buckets.first ?? query.from
        var lost: [String: BucketSums] = [:]
        var churned = BucketSums()
        for row in try ReportSums.rows(["services", "mrr_churn"], currency: currency, from: start, to: query.to, by: .reason, on: connection)
        where !row.key.isEmpty {
            if row.metric == "services" { lost[row.key, default: BucketSums()].add(row, in: query) } else { churned.add(row, in: query) }
        }
        var customersLost: [CalendarDay: Int] = [:]
        for row in try connection.query(
            """
            SELECT last_end, count(*)::bigint AS n FROM report_customers
            WHERE active_services = 0 AND last_end BETWEEN $1 AND $2 GROUP BY last_end
            """, [start, query.to]) {
            customersLost[query.bucket(of: try row.decode(CalendarDay.self, "last_end")), default: 0] += try row.decode(Int.self, "n")
        }
        let rows: [[ReportCell]] = query.buckets.map { bucket in
            let counts = reasons.map { -(lost[$0.0]?.count(bucket) ?? 0) }
            return [.day(bucket)] + counts.map { .count($0) } + [.count(counts.reduce(0, +)), .money(-churned.amount(bucket)),
                                                                  .count(customersLost[bucket] ?? 0)]
        }
        let main = ReportTable(
            key: "by_period", title: "Services and customers lost",
            columns: [.init("period", "Period", .day)] + reasons.map { .init($0.0, $0.1, .count) }
                + [.init("services_lost", "Services lost", .count), .init("mrr_churned", "MRR lost", .money),
                   .init("customers_lost", "Customers lost", .count)],
            rows: rows,
            charts: [.init("Services lost by reason", .stackedBar, label: "period", series: reasons.map(\.0)),
                     .init("Customers lost", .bar, label: "period", series: ["customers_lost"])])
        let value = try lifetimeValue(query, currency: currency, customersLost: customersLost.values.reduce(0, +), on: connection)
        return Report(kind: .churn, query: query, currency: currency, tables: [main, value], notes: [
            "A service is lost on the day its cancellation took effect, or the day it was terminated; customers lost are those whose last service ended in the period and who have none now.",
            "ARPU is MRR at the end of the range ÷ customers with a running service now; the monthly churn rate is customers lost in the range ÷ (customers now + customers lost) ÷ months in the range; lifetime value is ARPU ÷ that rate."])
    }

    static func lifetimeValue(_ query: ReportQuery, currency: String, customersLost: Int, on connection: PostgresConnection) throws -> ReportTable {
        let mrr = try MRRReport.mrr(at: query.to, currency: currency, on: connection)
        let active = try connection.query("SELECT count(*)::bigint AS n FROM report_customers WHERE active_services > 0")[0].decode(Int.self, "n")
        let months = max(1, (query.to.year - query.from.year) * 12 + query.to.month - query.from.month + 1)
        let arpu = active > 0 ? Money(cents: (mrr.cents + Int64(active) / 2) / Int64(active)) : .zero
        let base = Int64(active + customersLost) * Int64(months)
        let rate = base > 0 ? Int((Int64(customersLost) * 10_000 + base / 2) / base) : 0
        let lifetime: ReportCell = customersLost > 0 ? .money(Money(cents: (arpu.cents * base + Int64(customersLost) / 2) / Int64(customersLost))) : .empty
        return ReportTable(
            key: "value", title: "Revenue per customer",
            columns: [.init("figure", "Figure", .text), .init("value", "Value", .text)],
            rows: [[.text("MRR"), .money(mrr)], [.text("Customers with a running service"), .count(active)], [.text("ARPU (per month)"), .money(arpu)],
                   [.text("Customers lost in the range"), .count(customersLost)], [.text("Monthly customer churn rate (%)"), .percent(rate)],
                   [.text("Lifetime value (ARPU ÷ churn rate)"), lifetime]])
    }
}
