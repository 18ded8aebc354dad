import Foundation
import Postgres

/// The shared state worth watching, read at scrape time: queues and the billing run's age.
public struct OperationalGauges: Sendable, Equatable {
    /// Server jobs by status (`queued`, `running`, `failed` …).
    public var jobs: [String: Int]
    /// Outbox messages not yet delivered (queued or sending).
    public var outboxBacklog: Int
    /// Seconds since the newest finished billing run started; nil before the first.
    public var billingRunAgeSeconds: Int?

    /// Reads the gauges: a few index-backed counts, independent of the portal's size but for the job table's status groups.
    public static func load(on connection: PostgresConnection) throws -> OperationalGauges {
        var jobs: [String: Int] = ["queued": 0, "running": 0, "failed": 0]
        for row in try connection.query("SELECT status, count(*)::bigint AS n FROM jobs WHERE status IN ('queued', 'running', 'failed') GROUP BY status") {
            jobs[try row.decode(String.self, "status")] = try row.decode(Int.self, "n")
        }
        let backlog = try connection.query("SELECT count(*)::bigint AS n FROM outbox_messages WHERE status IN ('queued', 'sending')")[0].decode(Int.self, "n")
        let age = try connection.query(
            "SELECT round(extract(epoch FROM now() - max(started_at)))::bigint AS age FROM billing_runs WHERE finished_at IS NOT NULL")[0]
            .decode(Int?.self, "age")
        return OperationalGauges(jobs: jobs, outboxBacklog: backlog, billingRunAgeSeconds: age)
    }
}
