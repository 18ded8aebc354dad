import Foundation
import Postgres

/// The job queue in PostgreSQL: enqueue (with NOTIFY), take with `FOR UPDATE SKIP LOCKED`,
/// finish or retry with backoff, and requeue jobs whose runner died.
public enum Jobs {
    /// The LISTEN/NOTIFY channel that wakes runners; a trigger on `jobs` notifies it whenever
    /// a job becomes queued (migration 0005), so no code path has to remember to.
    public static let channel = "vps_jobs"

    /// Queues `action` for a server; the runner is woken when the transaction commits.
    public static func enqueue(
        _ action: ServerAction, instance: ServerInstance, requestedBy actor: Actor, on connection: PostgresConnection, timeoutSeconds: Int = 300
    ) throws -> Job {
        let row = try connection.query(
            """
            INSERT INTO jobs AS j (action, instance_id, customer_id, requested_by, requested_label, timeout_seconds)
            VALUES (\(action.rawValue), \(instance.id), \(instance.customerID), \(actor.userID), \(actor.label), \(timeoutSeconds))
            RETURNING \(unescaped: Job.columns)
            """)[0]
        return try Job(row: row)
    }

    static func find(id: Int, on connection: PostgresConnection) throws -> Job? {
        try connection.query("SELECT \(Job.columns) FROM jobs j WHERE j.id = $1", [id]).firstRow.map(Job.init(row:))
    }

    /// The job if `caller` may follow it: staff any, a customer the jobs on their servers.
    public static func visible(id: Int, to caller: Caller) throws -> Job {
        guard let job = try find(id: id, on: caller.connection), caller.maySee(customerID: job.customerID) else {
            throw DomainError.notFound("No such job.")
        }
        return job
    }

    /// The newest jobs of a server the caller was shown (`Instances.visible`).
    public static func recent(of server: ServerInstance, limit: Int = 20, on connection: PostgresConnection) throws -> [Job] {
        try recent(instanceID: server.id, limit: limit, on: connection)
    }

    /// The newest jobs of a server (unscoped).
    static func recent(instanceID: Int, limit: Int = 20, on connection: PostgresConnection) throws -> [Job] {
        try connection.query("SELECT \(Job.columns) FROM jobs j WHERE j.instance_id = $1 ORDER BY j.id DESC LIMIT $2", [instanceID, limit])
            .map(Job.init(row:))
    }

    /// The job's attempts with their logs.
    public static func attempts(jobID: Int, on connection: PostgresConnection) throws -> [JobAttempt] {
        try connection.query("SELECT attempt, started_at, finished_at, outcome, log FROM job_attempts WHERE job_id = $1 ORDER BY attempt", [jobID])
            .map { row in
                JobAttempt(attempt: try row.decode(Int.self, "attempt"), startedAt: try row.decode(Date.self, "started_at"),
                           finishedAt: try row.decode(Date?.self, "finished_at"), outcome: try row.decode(String.self, "outcome"),
                           log: try row.decode(String.self, "log"))
            }
    }

    /// Takes the next ready job for runner `runnerKey` and opens an attempt; nil when none is ready.
    static func take(runnerKey: Int64, on connection: PostgresConnection) throws -> Job? {
        try connection.transaction { connection in
            let rows = try connection.query(
                """
                UPDATE jobs AS j SET status = 'running', attempts = attempts + 1, locked_by = $1, locked_at = now(),
                       started_at = coalesce(started_at, now())
                WHERE id = (SELECT id FROM jobs WHERE status = 'queued' AND run_after <= now() ORDER BY run_after, id
                            FOR UPDATE SKIP LOCKED LIMIT 1)
                RETURNING \(Job.columns)
                """, [runnerKey])
            guard let row = rows.firstRow else { return nil }
            let job = try Job(row: row)
            try connection.query("INSERT INTO job_attempts (job_id, attempt) VALUES ($1, $2)", [job.id, job.attempts])
            return job
        }
    }

    /// Marks the current attempt and the job done; false when the job was no longer this runner's.
    static func succeed(_ job: Job, runnerKey: Int64, log: JobLog, on connection: PostgresConnection) throws -> Bool {
        let updated = try connection.query(
            "UPDATE jobs SET status = 'succeeded', finished_at = now(), locked_by = NULL, last_error = '' WHERE id = $1 AND locked_by = $2 AND status = 'running' RETURNING id",
            [job.id, runnerKey])
        guard !updated.isEmpty else { return false }
        try closeAttempt(job, outcome: "succeeded", log: log, on: connection)
        return true
    }

    /// Records a failed attempt: queued again with exponential backoff, or failed for good.
    /// Returns true when the job failed for good.
    static func fail(_ job: Job, runnerKey: Int64, error: String, retryable: Bool, log: JobLog, on connection: PostgresConnection) throws -> Bool {
        let final = !retryable || job.attempts >= job.maxAttempts
        let backoff = backoffSeconds(afterAttempt: job.attempts)
        let updated = try connection.query(
            """
            UPDATE jobs SET status = CASE WHEN \(final) THEN 'failed' ELSE 'queued' END, last_error = \(String(error.prefix(1000))), locked_by = NULL,
                   finished_at = CASE WHEN \(final) THEN now() ELSE NULL END, run_after = now() + make_interval(secs => \(backoff))
            WHERE id = \(job.id) AND locked_by = \(runnerKey) AND status = 'running' RETURNING id
            """)
        guard !updated.isEmpty else { return false }
        log.write(final ? "failed: \(error)" : "failed, retrying in \(backoff) s: \(error)")
        try closeAttempt(job, outcome: "failed", log: log, on: connection)
        if final {
            try Notify.staff("staff.job.failed", key: "staff.job.failed:\(job.id)",
                             values: ["job": "#\(job.id) \(job.action.rawValue)", "error": String(error.prefix(300)),
                                      "link": try NotificationSettings.load(on: connection).portalURL + "/admin/servers/\(job.instanceID)"], on: connection)
        }
        return final
    }

    /// Seconds before attempt `attempt + 1`: 2, 4, 8 … up to 5 minutes.
    static func backoffSeconds(afterAttempt attempt: Int) -> Int {
        min(300, 1 << min(attempt, 8))
    }

    private static func closeAttempt(_ job: Job, outcome: String, log: JobLog, on connection: PostgresConnection) throws {
        try connection.query(
            "UPDATE job_attempts SET finished_at = now(), outcome = $3, log = $4 WHERE job_id = $1 AND attempt = $2",
            [job.id, job.attempts, outcome, log.text])
    }

    /// Requeues running jobs (and invoice PDF renders, payment notifications, demo deliveries) whose runner is gone: a live runner holds the
    /// advisory lock named by `locked_by` on its session, which PostgreSQL drops the moment the process dies.
    @discardableResult
    public static func requeueOrphans(on connection: PostgresConnection) throws -> Int {
        var requeued = 0
        for row in try connection.query(
            """
            SELECT locked_by FROM jobs WHERE status = 'running' AND locked_by IS NOT NULL
            UNION SELECT locked_by FROM invoice_document_jobs WHERE status = 'running' AND locked_by IS NOT NULL
            UNION SELECT locked_by FROM payment_notifications WHERE status = 'running' AND locked_by IS NOT NULL
            UNION SELECT locked_by FROM demo_gateway_deliveries WHERE status = 'running' AND locked_by IS NOT NULL
            """) {
            let key = try row.decode(Int64.self, "locked_by")
            guard try connection.query("SELECT pg_try_advisory_lock($1) AS free", [key])[0].decode(Bool.self, "free") else { continue }
            defer { _ = try? connection.query("SELECT pg_advisory_unlock($1)", [key]) }
            try connection.transaction { connection in
                let lost = try connection.query(
                    "UPDATE jobs SET status = 'queued', locked_by = NULL, run_after = now() WHERE status = 'running' AND locked_by = $1 RETURNING id",
                    [key])
                for job in lost {
                    try connection.query(
                        "UPDATE job_attempts SET finished_at = now(), outcome = 'lost', log = log || $2 WHERE job_id = $1 AND outcome = 'running'",
                        [try job.decode(Int.self, "id"), "\nthe runner stopped during this attempt; the job was queued again"])
                }
                requeued += lost.count
                requeued += try connection.query(
                    "UPDATE invoice_document_jobs SET status = 'queued', locked_by = NULL, run_after = now() WHERE status = 'running' AND locked_by = $1",
                    [key]).affectedRows
                for table in ["payment_notifications", "demo_gateway_deliveries"] {
                    requeued += try connection.query(
                        "UPDATE \(table) SET status = 'queued', locked_by = NULL, run_after = now() WHERE status = 'running' AND locked_by = $1",
                        [key]).affectedRows
                }
            }
        }
        return requeued
    }
}
