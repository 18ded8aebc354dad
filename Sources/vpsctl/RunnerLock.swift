import Domain
import Foundation
import Postgres

/// The job runner's advisory lock, held on a session of its own for the runner's whole life:
/// while it is held, no other runner requeues this runner's jobs (`Jobs.requeueOrphans`).
final class RunnerLock {
    let key: Int64
    private let connection: PostgresConnection

    init(key: Int64, url: String) {
        self.key = key
        self.connection = PostgresConnection(lazy: url)
    }

    /// Connects and takes the lock, waiting (once a second) while the database is unreachable,
    /// so a runner started during an outage or a failover waits instead of exiting in a loop.
    func acquire() throws {
        var reported = false
        while true {
            do {
                try connection.ensureConnected()
                try connection.query("SELECT pg_advisory_lock($1)", [key])
                if reported { Log.info("job runner connected; runner lock taken") }
                return
            } catch let error as PostgresError where error.isConnectionFailure || error.hasCode(PostgresError.Code.readOnlyTransaction) {
                if !reported { Log.warning("job runner waiting for the database: \(error)") }
                reported = true
                connection.close()
                sleep(1)
            }
        }
    }

    /// False once the session holding the lock is gone; a cheap round trip, so callers poll it
    /// about once a second.
    func isHeld() -> Bool {
        guard connection.isConnected else { return false }
        do {
            return try connection.query("SELECT count(*) = 1 AS held FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid() AND granted")[0]
                .decode(Bool.self, "held")
        } catch {
            return false
        }
    }
}
