/// The staff dashboard's figures: orders by status and this month's revenue, servers by
/// status, the newest audit entries.
public struct DashboardFigures: Sendable, Encodable {
    public let orders: Orders.Stats
    public let servers: [ServerStatus: Int]
    public let recent: [AuditEntry]

    public static func load(for caller: Caller, recentLimit: Int = 10) throws -> DashboardFigures {
        _ = try caller.staff()
        let connection = caller.connection
        return DashboardFigures(
            orders: try Orders.stats(on: connection), servers: try Instances.countsByStatus(on: connection),
            recent: try AuditLog.list(on: connection, page: PageRequest(limit: recentLimit)).items)
    }

    enum CodingKeys: String, CodingKey {
        case orders, servers, recent = "recent_activity"
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(orders, forKey: .orders)
        try container.encode(Dictionary(uniqueKeysWithValues: ServerStatus.allCases.map { ($0.rawValue, servers[$0] ?? 0) }), forKey: .servers)
        try container.encode(recent, forKey: .recent)
    }
}
