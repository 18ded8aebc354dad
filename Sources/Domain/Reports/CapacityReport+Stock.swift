import Postgres

extension CapacityReport {
    /// Limited-stock products: stock on hand, services started in each of the 8 weeks ending on the
    /// query's last day, their last-4-week average and the projected stock-out day.
    static func stock(_ query: ReportQuery, currency: String, names: [Int: String], on connection: PostgresConnection) throws -> ReportTable {
        let products = try connection.query("SELECT id, stock_count FROM products WHERE stock_count IS NOT NULL ORDER BY id").map {
            (try $0.decode(Int.self, "id"), try $0.decode(Int.self, "stock_count"))
        }
        let first = query.to.adding(days: -55)
        var sales: [Int: [Int]] = [:]
        for row in try ReportSums.rows(["services"], currency: currency, from: first, to: query.to, by: .productReason, on: connection)
        where row.key.hasSuffix("/") {
            let week = (row.day.ordinal - first.ordinal) / 7
            sales[Int(row.key.dropLast()) ?? 0, default: Array(repeating: 0, count: 8)][week] += row.n
        }
        let rows: [[ReportCell]] = products.map { id, stock in
            let weeks = sales[id] ?? Array(repeating: 0, count: 8)
            let recent = weeks.suffix(4).reduce(0, +)
            // Hundredths of a server per week, and the stock-out day when anything sold: stock ÷ (recent ÷ 4) weeks.
            let average = (recent * 100 + 2) / 4
            let out: ReportCell = recent > 0 ? .day(query.to.adding(days: (stock * 28 + recent - 1) / recent)) : .empty
            return [.text(names[id] ?? "(none)"), .count(stock)] + weeks.map { .count($0) }
                + [.text("\(average / 100).\(String(format: "%02d", average % 100))"), out]
        }
        let weekColumns: [ReportTable.Column] = (0..<8).map { .init("week_\($0 + 1)", "Week of \(first.adding(days: 7 * $0))", .count) }
        return ReportTable(
            key: "stock", title: "Limited stock",
            columns: [.init("product", "Product", .text), .init("stock", "Stock on hand", .count)] + weekColumns
                + [.init("average", "Average per week (last 4)", .text), .init("stock_out", "Projected stock-out", .day)],
            rows: rows, charts: [.init("Sales per week", .bar, label: "product", series: weekColumns.map(\.key))])
    }
}
