import Postgres

/// Recurring revenue: MRR at the end of each bucket (every billed service's recurring amount
/// normalised to a month, each rounded to the cent), ARR (12 × MRR), and the movement: new,
/// expansion (upgrades), contraction (downgrades, negative), churned (negative), net.
enum MRRReport {
    static let movements = ["mrr_new", "mrr_expansion", "mrr_contraction", "mrr_churn"]

    static func build(_ query: ReportQuery, currency: String, on connection: PostgresConnection) throws -> Report {
        let buckets = query.buckets
        let start = buckets.first ?? query.from
        let before = try ReportSums.totals(movements, currency: currency, through: start.adding(days: -1), on: connection)
        var mrr = movements.reduce(Money.zero) { $0 + (before[$1]?.amount ?? .zero) }
        var sums: [String: BucketSums] = [:]
        for row in try ReportSums.rows(movements, currency: currency, from: start, to: query.to, on: connection) {
            sums[row.metric, default: BucketSums()].add(row, in: query)
        }
        var rows: [[ReportCell]] = []
        for bucket in buckets {
            let figures = movements.map { sums[$0]?.amount(bucket) ?? .zero }
            let net = figures.reduce(Money.zero, +)
            mrr = mrr + net
            rows.append([.day(bucket), .money(mrr), .money(mrr * 12)] + figures.map { .money($0) } + [.money(net)])
        }
        let byCycle = try ReportSums.totals(movements, currency: currency, through: query.to, by: .cycle, on: connection)
        let cycleRows: [[ReportCell]] = BillingCycle.allCases.map { cycle in
            let amount = movements.reduce(Money.zero) { $0 + (byCycle[$1 + ":" + cycle.rawValue]?.amount ?? .zero) }
            return [.text(cycle.rawValue), .money(amount), .money(amount * 12)]
        }
        let main = ReportTable(
            key: "by_period", title: "MRR movement",
            columns: [.init("period", "Period", .day), .init("mrr", "MRR", .money), .init("arr", "ARR", .money), .init("new", "New", .money),
                      .init("expansion", "Expansion", .money), .init("contraction", "Contraction", .money), .init("churned", "Churned", .money),
                      .init("net", "Net movement", .money)],
            rows: rows,
            charts: [.init("MRR", .line, label: "period", series: ["mrr"]),
                     .init("Movement", .bar, label: "period", series: ["new", "expansion", "contraction", "churned"])])
        let cycles = ReportTable(key: "by_cycle", title: "MRR by billing cycle at \(query.to)",
                                 columns: [.init("cycle", "Cycle", .text), .init("mrr", "MRR", .money), .init("arr", "ARR", .money)],
                                 rows: cycleRows, charts: [.init("MRR by cycle", .bar, label: "cycle", series: ["mrr"])])
        return Report(kind: .mrr, query: query, currency: currency, tables: [main, cycles], notes: [
            "MRR is every billed service's recurring amount per month (quarterly ÷ 3, yearly ÷ 12, each rounded to the cent), from its first period's start until it is cancelled or terminated.",
            "Expansion and contraction are upgrades and downgrades on the day they were applied; churned is the MRR of services that ended."])
    }

    /// MRR at the end of `day`.
    static func mrr(at day: CalendarDay, currency: String, on connection: PostgresConnection) throws -> Money {
        let totals = try ReportSums.totals(movements, currency: currency, through: day, on: connection)
        return movements.reduce(Money.zero) { $0 + (totals[$1]?.amount ?? .zero) }
    }
}
