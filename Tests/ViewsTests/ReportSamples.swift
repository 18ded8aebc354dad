@testable import Domain

/// Reports built by hand: inputs for the renderers (the figures themselves come from Domain).
enum ReportSamples {
    static let query = ReportQuery(from: CalendarDay(year: 2026, month: 1, day: 1), to: CalendarDay(year: 2026, month: 12, day: 31), group: .month)

    /// Twelve months of money with negative movements, a count and a percentage; a product
    /// table whose names try HTML and formula injection.
    static var revenue: Report {
        let months = (0..<12).map { CalendarDay(year: 2026, month: 1, day: 1).adding(months: $0, anchorDay: 1) }
        let rows: [[ReportCell]] = months.enumerated().map { index, month in
            let invoiced = Int64(120_000 + index * 15_050)
            return [.day(month), .money(Money(cents: invoiced)), .money(Money(cents: invoiced - 9_999)),
                    .money(Money(cents: -Int64(index % 4) * 2_550)), .count(10 + index), .percent(1_000 + index * 25)]
        }
        let byMonth = ReportTable(
            key: "by_month", title: "By month",
            columns: [.init("month", "Month", .day), .init("invoiced", "Invoiced", .money), .init("collected", "Collected", .money),
                      .init("refunds", "Refunds", .money), .init("customers", "Customers", .count), .init("share", "Share", .percent)],
            rows: rows,
            totals: [.text("Total"), .money(Money(cents: 2_433_900)), .money(Money(cents: 2_313_912)), .money(Money(cents: -45_900)), .empty, .empty],
            charts: [.init("Invoiced and collected", .bar, label: "month", series: ["invoiced", "collected"]),
                     .init("Collected less refunds", .stackedBar, label: "month", series: ["collected", "refunds"]),
                     .init("Paying customers", .line, label: "month", series: ["customers"])])
        let byProduct = ReportTable(
            key: "by_product", title: "By product",
            columns: [.init("product", "Product", .text), .init("invoiced", "Invoiced", .money)],
            rows: [[.text("VPS <b>L</b> & \"more\""), .money(Money(cents: 123_456_78))],
                   [.text("=HYPERLINK(\"http://evil.test\",\"x\")"), .money(Money(cents: 5_00))],
                   [.text("-5 discount, \"spring\""), .money(Money(cents: -1_50))],
                   [.text("@SUM(A1:A2)"), .money(Money(cents: 0))],
                   [.text("\tTabbed\r\nand two lines"), .money(Money(cents: 7))],
                   [.text("+41 Zürich"), .money(Money(cents: 1_000_000_00))]],
            charts: [.init("Invoiced by product", .bar, label: "product", series: ["invoiced"])])
        return Report(kind: .revenue, query: query, currency: "EUR", tables: [byMonth, byProduct],
                      notes: ["Collected is payments less refunds.", "Figures <exact> to the cent & never rounded."])
    }

    /// One table of `count` days with values crossing zero.
    static func days(_ count: Int, style: ReportTable.Chart.Style = .bar) -> ReportTable {
        let start = CalendarDay(year: 2026, month: 1, day: 1)
        return ReportTable(
            key: "by_day", title: "By day", columns: [.init("day", "Day", .day), .init("net", "Net", .money), .init("churn", "Churn", .money)],
            rows: (0..<count).map { [.day(start.adding(days: $0)), .money(Money(cents: Int64($0 * 101 - 3_000))), .money(Money(cents: -Int64($0 % 7) * 100))] },
            charts: [.init("Net", style, label: "day", series: ["net", "churn"])])
    }
}
