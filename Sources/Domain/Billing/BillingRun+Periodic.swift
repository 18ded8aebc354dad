import Foundation
import Postgres

extension BillingRun {
    /// The periodic tick (`vpsctl serve`'s job runner): runs one tick at `moment` unless another
    /// process — on this host or another — is running one now, in which case it returns nil.
    ///
    /// A session-level advisory lock (the billing lock class, key 0: no customer has id 0) keeps
    /// the periodic ticks of several hosts from running side by side; they would be safe anyway,
    /// since each period is claimed once under a per-customer lock, but one at a time is cheaper.
    public static func tickUnlessRunning(at moment: Date, on connection: PostgresConnection) throws -> BillingRunReport? {
        let taken = try connection.query("SELECT pg_try_advisory_lock($1, 0) AS taken", [lockClass])[0].decode(Bool.self, "taken")
        guard taken else { return nil }
        defer { _ = try? connection.query("SELECT pg_advisory_unlock($1, 0)", [lockClass]) }
        return try tick(at: moment, on: connection)
    }
}
