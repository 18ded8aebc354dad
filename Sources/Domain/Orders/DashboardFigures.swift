import Foundation

/// The staff dashboard's figures, all from the reports' aggregates but the newest audit entries:
/// the headline (MRR, collected this month, overdue total, servers by status, twelve months of
/// trend), orders by status and this month's payments.
public struct DashboardFigures: Sendable, Encodable {
    public let headline: DashboardHeadline
    public let orders: Orders.Stats
    public let recent: [AuditEntry]

    /// Servers per status (the headline's, from the aggregates: no count over every server).
    public var servers: [ServerStatus: Int] { headline.servers }

    public static func load(for caller: Caller, at moment: Date = Date(), recentLimit: Int = 10) throws -> DashboardFigures {
        _ = try caller.staff()
        return try caller.connection.snapshot { connection in
            let headline = try DashboardHeadline.load(for: caller, at: moment)
            return DashboardFigures(
                headline: headline, orders: try Orders.stats(today: headline.today, currency: headline.currency, on: connection),
                recent: try AuditLog.list(on: connection, page: PageRequest(limit: recentLimit)).items)
        }
    }

    enum CodingKeys: String, CodingKey {
        case headline, orders, servers, recent = "recent_activity"
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(headline, forKey: .headline)
        try container.encode(orders, forKey: .orders)
        try container.encode(Dictionary(uniqueKeysWithValues: ServerStatus.allCases.map { ($0.rawValue, servers[$0] ?? 0) }), forKey: .servers)
        try container.encode(recent, forKey: .recent)
    }
}
