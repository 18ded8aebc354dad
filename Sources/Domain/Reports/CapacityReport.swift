import Postgres

/// Capacity and stock: servers by status at the end of each bucket; servers now by product and
/// location; and for products with limited stock, the stock on hand, services started per week
/// over the last 8 weeks, and the projected stock-out day: today + stock ÷ the average weekly sales
/// of the last 4 weeks (none when nothing sold).
enum CapacityReport {
    static let statuses = ServerStatus.allCases.map(\.rawValue)

    static func build(_ query: ReportQuery, currency: String, on connection: PostgresConnection) throws -> Report {
        let start = query.buckets.first ?? query.from
        // Servers by status before the first bucket: those now less every change since (the history
        // before the range, years of daily rows at scale, is never read).
        let now = try current(on: connection)
        var counts: [String: Int] = [:]
        for count in now { counts[count.status, default: 0] += count.n }
        var changes: [String: BucketSums] = [:]
        for row in try ReportSums.rows(["servers"], currency: "", from: start, to: ReportSums.end, by: .reason, on: connection) {
            counts[row.key, default: 0] -= row.n
            if row.day <= query.to { changes[row.key, default: BucketSums()].add(row, in: query) }
        }
        let rows: [[ReportCell]] = query.buckets.map { bucket in
            for status in statuses { counts[status, default: 0] += changes[status]?.count(bucket) ?? 0 }
            return [.day(bucket)] + statuses.map { .count(counts[$0] ?? 0) } + [.count(statuses.reduce(0) { $0 + (counts[$1] ?? 0) })]
        }
        let main = ReportTable(
            key: "by_period", title: "Servers by status",
            columns: [.init("period", "Period", .day)] + statuses.map { .init($0, $0.replacingOccurrences(of: "_", with: " ").capitalized, .count) }
                + [.init("total", "Total", .count)],
            rows: rows, charts: [.init("Servers by status", .stackedBar, label: "period", series: statuses)])
        let names = try ReportNames.products(on: connection)
        let byProduct = grouped(now, names: names, by: \.product)
        let byLocation = grouped(now, names: names, by: \.location)
        return Report(kind: .capacity, query: query, currency: currency,
                      tables: [main, table("by_product", "Servers now by product", "Product", byProduct),
                               table("by_location", "Servers now by location", "Location", byLocation),
                               try stock(query, currency: currency, names: names, on: connection)],
                      notes: ["Servers by status count each server in the status it had at the end of the period (changes are dated by the real clock).",
                              "Stock-out is projected from the average weekly sales of the last 4 weeks: the day stock on hand ÷ that average weeks from today."])
    }

    struct Count { let status: String; let product: String; let location: String; let n: Int }

    /// Servers now by status, product and location (rolled up plus the facts not rolled up yet).
    static func current(on connection: PostgresConnection) throws -> [Count] {
        try connection.query(
            """
            SELECT status, product_id, location, sum(n)::bigint AS n FROM (
              SELECT status, product_id, location, n FROM report_servers
              UNION ALL
              SELECT reason, product_id, location, n FROM report_facts WHERE metric = 'servers') x
            GROUP BY status, product_id, location HAVING sum(n) <> 0
            """).map { row in
            Count(status: try row.decode(String.self, "status"), product: String(try row.decode(Int.self, "product_id")),
                  location: try row.decode(String.self, "location"), n: try row.decode(Int.self, "n"))
        }
    }

    static func grouped(_ counts: [Count], names: [Int: String], by key: KeyPath<Count, String>) -> [(String, [String: Int])] {
        var result: [String: [String: Int]] = [:]
        for count in counts {
            let name = key == \Count.product ? (names[Int(count.product) ?? 0] ?? "(none)") : (count.location.isEmpty ? "(none)" : count.location)
            result[name, default: [:]][count.status, default: 0] += count.n
        }
        return result.sorted { $0.key < $1.key }
    }

    static func table(_ key: String, _ title: String, _ label: String, _ groups: [(String, [String: Int])]) -> ReportTable {
        ReportTable(key: key, title: title,
                    columns: [.init("name", label, .text)] + statuses.map { .init($0, $0.replacingOccurrences(of: "_", with: " ").capitalized, .count) }
                        + [.init("total", "Total", .count)],
                    rows: groups.map { name, counts in
                        [.text(name)] + statuses.map { .count(counts[$0] ?? 0) } + [.count(counts.values.reduce(0, +))]
                    },
                    charts: [.init(title, .stackedBar, label: "name", series: statuses)])
    }
}
