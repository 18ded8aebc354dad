import Foundation
import Postgres

/// Where worker processes leave their metric counters for `/metrics` (migration 0030).
public enum WorkerMetricsStore {
    /// Workers silent this long are gone (stopped, or restarted under a new pid); their rows are dropped.
    public static let staleAfterSeconds = 300

    /// Replaces `worker`'s snapshot (an opaque JSON text).
    public static func save(worker: String, snapshot: String, on connection: PostgresConnection) throws {
        try connection.query(
            """
            INSERT INTO worker_metrics (worker, snapshot, updated_at) VALUES (\(worker), \(snapshot), now())
            ON CONFLICT (worker) DO UPDATE SET snapshot = excluded.snapshot, updated_at = excluded.updated_at
            """)
    }

    /// Every live worker's snapshot, by worker; forgets the stale ones.
    public static func live(on connection: PostgresConnection) throws -> [(worker: String, snapshot: String)] {
        try connection.query("DELETE FROM worker_metrics WHERE updated_at < now() - make_interval(secs => \(staleAfterSeconds))")
        return try connection.query("SELECT worker, snapshot FROM worker_metrics ORDER BY worker").map { row in
            (worker: try row.decode(String.self, "worker"), snapshot: try row.decode(String.self, "snapshot"))
        }
    }
}
