import Foundation
import Postgres

/// The session log: sign-ins, failures, refusals and sign-outs.
public enum SessionLog {
    /// What happened.
    public enum Event: String, Sendable, Codable, CaseIterable {
        case loginSucceeded = "login_succeeded"
        case loginFailed = "login_failed"
        case loginThrottled = "login_throttled"
        case secondFactorSucceeded = "second_factor_succeeded"
        case secondFactorFailed = "second_factor_failed"
        case secondFactorReplayed = "second_factor_replayed"
        case recoveryCodeUsed = "recovery_code_used"
        case passwordCheckFailed = "password_check_failed"
        case verificationThrottled = "verification_throttled"
        case csrfRefused = "csrf_refused"
        /// A payment gateway notification whose signature did not verify (forged, stale, altered).
        case webhookRefused = "webhook_refused"
        case tokenIssued = "token_issued"
        case tokenRefused = "token_refused"
        case logout
        case sessionsEnded = "sessions_ended"
        case passwordResetRequested = "password_reset_requested"
        case passwordReset = "password_reset"
    }

    /// Writes one event; `verifier` marks a wrong attempt that `GuessThrottle` counts.
    public static func record(
        on connection: PostgresConnection, _ event: Event, userID: Int? = nil, email: String = "",
        origin: RequestOrigin, detail: String = "", verifier: Verifier? = nil
    ) throws {
        try connection.query(
            """
            INSERT INTO session_events (user_id, email, event, remote_address, user_agent, request_id, detail, verifier)
            VALUES (\(userID), \(String(email.prefix(254))), \(event.rawValue), \(origin.address), \(origin.userAgent), \(origin.requestID),
                    \(String(detail.prefix(500))), \(verifier?.rawValue))
            """)
    }

    /// Newest first; optionally one user's or one kind of event.
    public static func list(
        on connection: PostgresConnection, page: PageRequest, userID: Int? = nil, event: Event? = nil
    ) throws -> Page<SessionLogEntry> {
        var sql = SQLFilter()
        sql.add("id < ?", page.afterID)
        sql.add("user_id = ?", userID)
        sql.add("event = ?", event?.rawValue)
        let rows = try connection.query(
            """
            SELECT id, occurred_at, user_id, email, event, remote_address, user_agent, request_id, detail
            FROM session_events \(sql.whereClause) ORDER BY id DESC LIMIT \(page.limit + 1)
            """)
        return page.page(try rows.map(SessionLogEntry.init(row:)), id: \.id)
    }
}

/// One row of the session log.
public struct SessionLogEntry: Sendable, Encodable {
    public var id: Int
    public var occurredAt: Date
    public var userID: Int?
    public var email: String
    public var event: String
    public var remoteAddress: String
    public var userAgent: String
    public var requestID: String
    public var detail: String

    enum CodingKeys: String, CodingKey {
        case id, email, event, detail
        case occurredAt = "occurred_at", userID = "user_id", remoteAddress = "remote_address"
        case userAgent = "user_agent", requestID = "request_id"
    }

    init(row: PostgresRow) throws {
        id = try row.decode(Int.self, "id")
        occurredAt = try row.decode(Date.self, "occurred_at")
        userID = try row.decode(Int?.self, "user_id")
        email = try row.decode(String.self, "email")
        event = try row.decode(String.self, "event")
        remoteAddress = try row.decode(String.self, "remote_address")
        userAgent = try row.decode(String.self, "user_agent")
        requestID = try row.decode(String.self, "request_id")
        detail = try row.decode(String.self, "detail")
    }
}
