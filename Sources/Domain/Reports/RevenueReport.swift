import Postgres

/// Revenue: invoiced (net of tax, by issue day, invoices not cancelled), tax, collected (money
/// received, not credit applied, by payment day), refunded (to the card or outside, by credit-note
/// day), net collected, and outstanding (what is still due now on invoices falling due in the bucket);
/// invoiced per product, location and cycle over the range.
enum RevenueReport {
    static func build(_ query: ReportQuery, currency: String, on connection: PostgresConnection) throws -> Report {
        let start = query.buckets.first ?? query.from
        var sums: [String: BucketSums] = [:]
        for row in try ReportSums.rows(["invoiced", "tax", "collected", "refunded", "due"], currency: currency, from: start, to: query.to,
                                       on: connection) {
            sums[row.metric, default: BucketSums()].add(row, in: query)
        }
        func amount(_ metric: String, _ bucket: CalendarDay) -> Money { sums[metric]?.amount(bucket) ?? .zero }
        let rows: [[ReportCell]] = query.buckets.map { bucket in
            let collected = amount("collected", bucket), refunded = amount("refunded", bucket)
            return [.day(bucket), .money(amount("invoiced", bucket)), .money(amount("tax", bucket)), .money(collected), .money(refunded),
                    .money(collected - refunded), .money(amount("due", bucket))]
        }
        let keys = ["invoiced", "tax", "collected", "refunded", "net_collected", "outstanding"]
        let totals: [ReportCell] = [.text("Total")] + keys.indices.map { index in
            .money(rows.reduce(Money.zero) { if case .money(let m) = $1[index + 1] { return $0 + m } else { return $0 } })
        }
        let main = ReportTable(
            key: "by_period", title: "Revenue",
            columns: [.init("period", "Period", .day), .init("invoiced", "Invoiced (net)", .money), .init("tax", "Tax", .money),
                      .init("collected", "Collected", .money), .init("refunded", "Refunded", .money),
                      .init("net_collected", "Collected less refunds", .money), .init("outstanding", "Outstanding", .money)],
            rows: rows, totals: totals,
            charts: [.init("Invoiced and collected", .bar, label: "period", series: ["invoiced", "net_collected"])])
        var tables = [main]
        for (dimension, key, title) in [(ReportSums.Dimension.product, "by_product", "Product"), (.location, "by_location", "Location"),
                                        (.cycle, "by_cycle", "Billing cycle")] {
            tables.append(try breakdown(query, start: start, currency: currency, by: dimension, key: key, title: title, on: connection))
        }
        return Report(kind: .revenue, query: query, currency: currency, tables: tables, notes: [
            "Invoiced is net of tax, on the issue day of invoices that are not cancelled; collected is money received (credit from a balance is not), less refunds paid back to the card or outside the portal.",
            "Outstanding is what is still unpaid now on the invoices that fall due in the period."])
    }

    static func breakdown(_ query: ReportQuery, start: CalendarDay, currency: String, by dimension: ReportSums.Dimension, key: String, title: String,
                          on connection: PostgresConnection) throws -> ReportTable {
        let rows = try ReportSums.rows(["invoiced_item"], currency: currency, from: start, to: query.to, by: dimension, perDay: false, on: connection)
        let names = dimension == .product ? try ReportNames.products(on: connection) : [:]
        let cells: [[ReportCell]] = rows.sorted { $0.amount > $1.amount }.map { row in
            [.text(dimension == .product ? (names[Int(row.key) ?? 0] ?? "(none)") : (row.key.isEmpty ? "(none)" : row.key)), .money(row.amount)]
        }
        return ReportTable(key: key, title: "Invoiced by \(title.lowercased())",
                           columns: [.init("name", title, .text), .init("invoiced", "Invoiced (net)", .money)], rows: cells,
                           totals: [.text("Total"), .money(rows.reduce(Money.zero) { $0 + $1.amount })],
                           charts: [.init("Invoiced by \(title.lowercased())", .bar, label: "name", series: ["invoiced"])])
    }
}

/// Names for the ids in report dimensions (the catalog is small).
enum ReportNames {
    static func products(on connection: PostgresConnection) throws -> [Int: String] {
        var names: [Int: String] = [:]
        for row in try connection.query("SELECT id, name FROM products ORDER BY id") {
            names[try row.decode(Int.self, "id")] = try row.decode(String.self, "name")
        }
        return names
    }
}
