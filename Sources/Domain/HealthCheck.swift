import Postgres

/// What `/health` reports: whether the database answers.
public struct HealthReport: Sendable, Equatable {
    public var databaseReachable: Bool
    public var isHealthy: Bool { databaseReachable }
}

/// The health use case: one round trip to PostgreSQL.
public enum HealthCheck {
    /// Pings the database on `connection`, reconnecting first if the server went away.
    public static func run(on connection: PostgresConnection) -> HealthReport {
        do {
            try connection.ensureConnected()
            let rows = try connection.query("SELECT 1 AS ok")
            return HealthReport(databaseReachable: try rows.firstRow?.decode(Int.self, "ok") == 1)
        } catch {
            return HealthReport(databaseReachable: false)
        }
    }
}
