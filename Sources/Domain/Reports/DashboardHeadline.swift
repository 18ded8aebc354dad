import Foundation
import Postgres

/// The dashboard's headline figures, all from the reports' aggregates: MRR now, collected this
/// month (less refunds), the overdue total, servers by status, and the last 12 months of MRR and
/// of collected money for small charts.
public struct DashboardHeadline: Sendable, Encodable {
    public let currency: String
    /// The company's day the figures are for.
    public let today: CalendarDay
    public let mrr: Money
    public let collectedThisMonth: Money
    public let overdue: Money
    public let servers: [ServerStatus: Int]
    /// The last 12 months (first day of each), oldest first, with MRR at each month's end (today for this month).
    public let months: [CalendarDay]
    public let mrrTrend: [Money]
    public let collectedTrend: [Money]

    /// The headline for staff, on the company's `today`.
    public static func load(for caller: Caller, at moment: Date = Date()) throws -> DashboardHeadline {
        _ = try caller.staff()
        let connection = caller.connection
        let today = try BillingSettings.load(on: connection).today(at: moment)
        let currency = CreditLedger.defaultCurrency
        let monthStart = CalendarDay(year: today.year, month: today.month, day: 1)
        let query = ReportQuery(from: monthStart.adding(months: -11, anchorDay: 1), to: today, group: .month, currency: currency)
        let mrrTable = try MRRReport.build(query, currency: currency, on: connection).tables[0]
        let revenue = try RevenueReport.build(query, currency: currency, on: connection).tables[0]
        func money(_ table: ReportTable, _ column: String) -> [Money] {
            let index = table.column(column)!
            return table.rows.map { if case .money(let m) = $0[index] { return m } else { return .zero } }
        }
        let mrr = money(mrrTable, "mrr"), collected = money(revenue, "net_collected")
        let aged = try ReceivablesReport.aged(on: today, currency: currency, connection: connection)
        return DashboardHeadline(currency: currency, today: today, mrr: mrr.last ?? .zero, collectedThisMonth: collected.last ?? .zero,
                                 overdue: aged.dropFirst().reduce(Money.zero) { $0 + $1.amount },
                                 servers: try Instances.countsByStatus(on: connection), months: query.buckets, mrrTrend: mrr, collectedTrend: collected)
    }

    enum CodingKeys: String, CodingKey {
        case currency, mrr, collectedThisMonth = "collected_this_month", overdue, servers, months, mrrTrend = "mrr_trend", collectedTrend = "collected_trend"
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(currency, forKey: .currency)
        try container.encode(mrr, forKey: .mrr)
        try container.encode(collectedThisMonth, forKey: .collectedThisMonth)
        try container.encode(overdue, forKey: .overdue)
        try container.encode(Dictionary(uniqueKeysWithValues: ServerStatus.allCases.map { ($0.rawValue, servers[$0] ?? 0) }), forKey: .servers)
        try container.encode(months.map(\.description), forKey: .months)
        try container.encode(mrrTrend, forKey: .mrrTrend)
        try container.encode(collectedTrend, forKey: .collectedTrend)
    }
}
