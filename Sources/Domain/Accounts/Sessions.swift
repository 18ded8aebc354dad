import Foundation
import Postgres

/// A browser session: a server-side row found by the hash of the cookie's token.
public struct Session: Sendable {
    /// `secondFactor`: the password was right, a TOTP or recovery code is still due.
    public enum Stage: String, Sendable { case secondFactor = "second_factor", full }

    public var id: Int
    public var user: User
    public var stage: Stage
    /// The per-session token every unsafe form must carry.
    public var csrfToken: String
    public var createdAt: Date
    public var lastSeenAt: Date
    public var remoteAddress: String
    public var userAgent: String
}

/// Session use cases: start, find, promote, end.
public enum Sessions {
    /// Idle limit after which a session needs a new sign-in.
    public static let idleTimeout: TimeInterval = 60 * 60
    /// Absolute limit, however active the session.
    public static let absoluteTimeout: TimeInterval = 12 * 60 * 60
    /// How long a half-signed-in session waits for its second factor.
    public static let secondFactorTimeout: TimeInterval = 5 * 60

    /// Starts a session and returns the cookie token (shown once, stored hashed).
    public static func start(
        on connection: PostgresConnection, user: User, stage: Session.Stage, origin: RequestOrigin
    ) throws -> String {
        let token = try SecureRandom.token()
        let lifetime = stage == .full ? absoluteTimeout : secondFactorTimeout
        if stage == .full { try SignInNotice.queueIfNew(userID: user.id, address: origin.address, on: connection) }
        try connection.query(
            """
            INSERT INTO sessions (token_hash, user_id, stage, csrf_token, expires_at, remote_address, user_agent)
            VALUES (\(try Digest.sha256Hex(token)), \(user.id), \(stage.rawValue), \(try SecureRandom.token()),
                    now() + make_interval(secs => \(Int(lifetime))), \(origin.address), \(origin.userAgent))
            """)
        return token
    }

    /// The live session for a cookie token, or nil (unknown, ended, idle too long, expired, user disabled).
    public static func find(token: String, on connection: PostgresConnection) throws -> Session? {
        guard token.count <= 100 else { return nil }
        let rows = try connection.query(
            """
            SELECT s.id AS session_id, s.stage, s.csrf_token, s.created_at AS session_created_at, s.last_seen_at,
                   s.remote_address, s.user_agent, \(User.columns)
            FROM sessions s JOIN users u ON u.id = s.user_id
            WHERE s.token_hash = $1 AND s.ended_at IS NULL AND s.expires_at > now()
              AND s.last_seen_at > now() - make_interval(secs => $2) AND u.is_active
            """, [try Digest.sha256Hex(token), Int(idleTimeout)])
        guard let row = rows.firstRow else { return nil }
        let session = Session(
            id: try row.decode(Int.self, "session_id"), user: try User(row: row),
            stage: Session.Stage(rawValue: try row.decode(String.self, "stage")) ?? .secondFactor,
            csrfToken: try row.decode(String.self, "csrf_token"), createdAt: try row.decode(Date.self, "session_created_at"),
            lastSeenAt: try row.decode(Date.self, "last_seen_at"), remoteAddress: try row.decode(String.self, "remote_address"),
            userAgent: try row.decode(String.self, "user_agent"))
        if Date().timeIntervalSince(session.lastSeenAt) > 60 {
            try connection.query("UPDATE sessions SET last_seen_at = now() WHERE id = $1", [session.id])
        }
        return session
    }

    /// Raises a session to full after its second factor, with a new token (privilege change).
    public static func promote(_ session: Session, on connection: PostgresConnection) throws -> String {
        let token = try SecureRandom.token()
        try SignInNotice.queueIfNew(userID: session.user.id, address: session.remoteAddress, excluding: session.id, on: connection)
        try connection.query(
            """
            UPDATE sessions SET token_hash = $2, stage = 'full', csrf_token = $3, last_seen_at = now(),
                   expires_at = now() + make_interval(secs => $4)
            WHERE id = $1
            """, [session.id, try Digest.sha256Hex(token), try SecureRandom.token(), Int(absoluteTimeout)])
        return token
    }

    /// Gives a session a new token without changing what it may do (after enrolment, say).
    public static func rotate(_ session: Session, on connection: PostgresConnection) throws -> String {
        let token = try SecureRandom.token()
        try connection.query("UPDATE sessions SET token_hash = $2 WHERE id = $1", [session.id, try Digest.sha256Hex(token)])
        return token
    }

    /// Ends one session (sign-out).
    public static func end(_ session: Session, on connection: PostgresConnection, origin: RequestOrigin) throws {
        try connection.query("UPDATE sessions SET ended_at = now() WHERE id = $1 AND ended_at IS NULL", [session.id])
        try SessionLog.record(on: connection, .logout, userID: session.user.id, email: session.user.email, origin: origin)
    }

    /// Ends every session of `userID` except `keep`; returns how many ended.
    @discardableResult
    public static func endAll(userID: Int, except keep: Int? = nil, on connection: PostgresConnection) throws -> Int {
        try connection.query(
            "UPDATE sessions SET ended_at = now() WHERE user_id = $1 AND ended_at IS NULL AND ($2::bigint IS NULL OR id <> $2)",
            [userID, keep]
        ).affectedRows
    }

    /// Signs the caller out everywhere but `keeping` (their current session); returns how many
    /// sessions ended. Logged.
    @discardableResult
    public static func endOthers(for caller: Caller, keeping: Int?) throws -> Int {
        let user = try caller.signedIn()
        let ended = try endAll(userID: user.id, except: keeping, on: caller.connection)
        try SessionLog.record(on: caller.connection, .sessionsEnded, userID: user.id, email: user.email, origin: caller.origin,
                              detail: "\(ended) other sessions signed out")
        return ended
    }

    /// A user's live sessions, newest first.
    public static func active(userID: Int, on connection: PostgresConnection) throws -> [ActiveSession] {
        try connection.query(
            """
            SELECT id, created_at, last_seen_at, remote_address, user_agent FROM sessions
            WHERE user_id = $1 AND ended_at IS NULL AND expires_at > now() AND last_seen_at > now() - make_interval(secs => $2)
            ORDER BY id DESC
            """, [userID, Int(idleTimeout)]
        ).map { row in
            ActiveSession(
                id: try row.decode(Int.self, "id"), createdAt: try row.decode(Date.self, "created_at"),
                lastSeenAt: try row.decode(Date.self, "last_seen_at"), remoteAddress: try row.decode(String.self, "remote_address"),
                userAgent: try row.decode(String.self, "user_agent"))
        }
    }
}

/// A live session as its owner sees it in the account page and `GET /api/v1/account/sessions`.
public struct ActiveSession: Sendable, Encodable {
    public var id: Int
    public var createdAt: Date
    public var lastSeenAt: Date
    public var remoteAddress: String
    public var userAgent: String

    enum CodingKeys: String, CodingKey {
        case id
        case createdAt = "created_at", lastSeenAt = "last_seen_at", remoteAddress = "remote_address", userAgent = "user_agent"
    }
}
