import Postgres

/// Exactly-once JSON writes under an `Idempotency-Key`, as Stripe's API offers them.
///
/// `claim` runs before the handler, on the request's connection outside any transaction:
/// 1. take a session advisory lock on (caller, key) without waiting — held by someone else means
///    a request with this key is still running: `.inProgress` (the portal answers 409, as Stripe does);
/// 2. holding it, `INSERT … ON CONFLICT DO NOTHING` the row as `in_progress`: inserted → `.claimed`;
/// 3. else read the row: older than 24 hours → overwritten and `.claimed`; another method, path
///    or body → `.mismatch`; `done` → `.replay` of its answer; `in_progress` while we hold the lock
///    → its claimant died (PostgreSQL dropped the lock with its connection), so we take it over.
///
/// The claimant then calls `complete` (the answer is kept) or `release` (the row goes, so a retry
/// runs again); both drop the lock. The lock, not the row, tells a live claim from a crashed one,
/// so a worker killed mid-request never blocks its key. A worker killed after the handler's work
/// committed but before `complete` stored its answer is told apart by `markWorkCommitted`, which
/// the handler's own transactions write just before they commit: such a key is `.answerLost`,
/// never run again.
public enum IdempotencyKeys {
    /// How long a key is remembered.
    public static let lifetimeHours = 24
    /// The advisory lock class of claims ("idem"); the object id is a 32-bit hash of caller and
    /// key, so two live keys sharing a hash answer 409 to each other until one finishes.
    static let lockClass: Int32 = 0x6964_656d

    /// What `claim` found.
    public enum Claim: Sendable {
        /// Ours to run: call `complete` or `release` afterwards.
        case claimed(Lease)
        /// Done before: answer this.
        case replay(StoredAnswer)
        /// The key was used for another request (method, path or body).
        case mismatch
        /// A request with this key is running now.
        case inProgress
        /// The first request's work committed, then its worker died before its answer was kept:
        /// it is not run again (the portal answers 409 and says to look the result up).
        case answerLost
    }

    /// A claimed key: the row and the advisory lock the connection holds for it.
    public struct Lease: Sendable {
        let id: Int
        let lockName: String
    }

    /// Claims `request`'s key; see the type's description.
    public static func claim(_ request: IdempotentRequest, on connection: PostgresConnection) throws -> Claim {
        let taken = try connection.query(
            "SELECT pg_try_advisory_lock($1, hashtext($2)) AS taken", [lockClass, request.lockName])[0].decode(Bool.self, "taken")
        guard taken else { return .inProgress }
        do {
            let claim = try claimHoldingLock(request, on: connection)
            if case .claimed = claim { return claim }
            try unlock(request.lockName, on: connection)
            return claim
        } catch {
            _ = try? unlock(request.lockName, on: connection)
            throw error
        }
    }

    private static func claimHoldingLock(_ request: IdempotentRequest, on connection: PostgresConnection) throws -> Claim {
        // A purge may delete an expired row between the insert and the read: then insert again.
        for _ in 0..<3 {
            let inserted = try connection.query(
                """
                INSERT INTO idempotency_keys (user_id, key, method, route, path, request_sha256)
                VALUES (\(request.userID), \(request.key), \(request.method), \(request.route), \(request.path), \(request.bodySHA256))
                ON CONFLICT (user_id, key) DO NOTHING RETURNING id
                """)
            if let row = inserted.first { return .claimed(Lease(id: try row.decode(Int.self, "id"), lockName: request.lockName)) }
            let rows = try connection.query(
                """
                SELECT id, method, path, request_sha256, status, response_status, response_reason, response_headers, response_body,
                       work_committed_at IS NOT NULL AS work_committed, created_at < now() - make_interval(hours => \(lifetimeHours)) AS expired
                FROM idempotency_keys WHERE user_id = \(request.userID) AND key = \(request.key)
                """)
            guard let row = rows.first else { continue }
            let lease = Lease(id: try row.decode(Int.self, "id"), lockName: request.lockName)
            if try row.decode(Bool.self, "expired") {
                try connection.query(
                    """
                    UPDATE idempotency_keys SET method = \(request.method), route = \(request.route), path = \(request.path),
                      request_sha256 = \(request.bodySHA256), status = 'in_progress', response_status = NULL, response_reason = NULL,
                      response_headers = NULL, response_body = NULL, created_at = now(), completed_at = NULL, work_committed_at = NULL
                    WHERE id = \(lease.id)
                    """)
                return .claimed(lease)
            }
            guard try row.decode(String.self, "method") == request.method, try row.decode(String.self, "path") == request.path,
                try row.decode(String.self, "request_sha256") == request.bodySHA256
            else { return .mismatch }
            guard try row.decode(String.self, "status") == "done" else {
                if try row.decode(Bool.self, "work_committed") {
                    Log.warning("idempotency key \(lease.id) of user \(request.userID): its request's work committed but its answer was lost; not running it again")
                    return .answerLost
                }
                Log.warning("idempotency key \(lease.id) of user \(request.userID): its request stopped unfinished; running it again")
                return .claimed(lease)
            }
            return .replay(StoredAnswer(
                status: try row.decode(Int.self, "response_status"), reason: try row.decode(String.self, "response_reason"),
                headers: StoredAnswer.headers(from: try row.decode(String.self, "response_headers")),
                body: try row.decode(PostgresBytes.self, "response_body").bytes))
        }
        throw DomainError.conflict("The \(IdempotentRequest.header) changed while it was being read; try again.")
    }

    /// Keeps `answer` for the key's retries and lets the key go.
    public static func complete(_ lease: Lease, with answer: StoredAnswer, on connection: PostgresConnection) throws {
        defer { _ = try? unlock(lease.lockName, on: connection) }
        try connection.query(
            """
            UPDATE idempotency_keys SET status = 'done', response_status = \(answer.status), response_reason = \(answer.reason),
              response_headers = \(answer.headerText), response_body = \(PostgresBytes(answer.body)), completed_at = now()
            WHERE id = \(lease.id)
            """)
    }

    /// Forgets the claim (the answer is not kept): the next request with the key runs again —
    /// unless some of its work committed, then the key stays `.answerLost` rather than run twice.
    public static func release(_ lease: Lease, on connection: PostgresConnection) throws {
        defer { _ = try? unlock(lease.lockName, on: connection) }
        try connection.query("DELETE FROM idempotency_keys WHERE id = \(lease.id) AND status = 'in_progress' AND work_committed_at IS NULL")
    }

    /// Records, inside the handler's transaction and just before it commits, that the claimed
    /// request changed something (install it as the connection's `beforeCommit`).
    public static func markWorkCommitted(_ lease: Lease, on connection: PostgresConnection) throws {
        try connection.query("UPDATE idempotency_keys SET work_committed_at = now() WHERE id = \(lease.id) AND work_committed_at IS NULL")
    }

    /// Deletes keys older than 24 hours (the job runner calls it periodically); returns how many.
    @discardableResult
    public static func purgeExpired(on connection: PostgresConnection) throws -> Int {
        try connection.query(
            "DELETE FROM idempotency_keys WHERE created_at < now() - make_interval(hours => \(lifetimeHours))").affectedRows
    }

    private static func unlock(_ lockName: String, on connection: PostgresConnection) throws {
        try connection.query("SELECT pg_advisory_unlock($1, hashtext($2))", [lockClass, lockName])
    }
}
