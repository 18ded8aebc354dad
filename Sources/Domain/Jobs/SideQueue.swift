import Postgres

/// The queues beside `jobs` that `vpsctl jobs` also works through — invoice PDF renders, payment
/// notifications, the demo gateway's deliveries: each a table with `status`, `attempts`,
/// `run_after` and `locked_by`, taken with `FOR UPDATE SKIP LOCKED`, retried with the jobs' backoff.
enum SideQueue {
    /// Takes the next ready row of `table` (key column `key`) for runner `runnerKey`: `running`, one
    /// more attempt, locked by the runner; returns the `returning` columns, or nil when none is ready.
    static func take(table: String, key: String, runnerKey: Int64, returning: String, on connection: PostgresConnection) throws -> PostgresRow? {
        try connection.query(
            """
            UPDATE \(table) SET status = 'running', attempts = attempts + 1, locked_by = $1
            WHERE \(key) = (SELECT \(key) FROM \(table) WHERE status = 'queued' AND run_after <= now()
                           ORDER BY run_after, \(key) FOR UPDATE SKIP LOCKED LIMIT 1)
            RETURNING \(returning)
            """, [runnerKey]).firstRow
    }

    /// Records a failed attempt of row `id` (column `key`) of `table`: queued again after the jobs'
    /// backoff, or `failed` for good when `final`; the reason goes into `errorColumn`. Returns the backoff in seconds.
    @discardableResult
    static func recordFailure(
        table: String, key: String, errorColumn: String, id: Int, runnerKey: Int64, attempts: Int, final: Bool, error: Error,
        on connection: PostgresConnection
    ) throws -> Int {
        let backoff = Jobs.backoffSeconds(afterAttempt: attempts)
        try connection.query(
            """
            UPDATE \(table) SET status = CASE WHEN $1 THEN 'failed' ELSE 'queued' END, locked_by = NULL,
                   \(errorColumn) = $2, run_after = now() + make_interval(secs => $3)
            WHERE \(key) = $4 AND locked_by = $5
            """, [final, String("\(error)".prefix(1000)), backoff, id, runnerKey])
        Log.warning("\(table) \(id): attempt \(attempts) failed\(final ? " for good" : ", retrying in \(backoff) s"): \(error)")
        return backoff
    }
}
