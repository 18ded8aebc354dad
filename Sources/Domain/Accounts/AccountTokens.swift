import Foundation
import Postgres

/// One-time links sent by email (forgotten password, email confirmation). The token is 32 random
/// bytes; only its SHA-256 is stored. A token is single use, expires, and is void once the
/// account's password changes: the password's change time is stored with it and compared.
public enum AccountTokens {
    /// What a token is for.
    public enum Purpose: String, Sendable {
        case passwordReset = "password_reset"
        case emailVerification = "email_verification"

        /// How long a link works.
        public var lifetime: TimeInterval {
            switch self {
            case .passwordReset: return 30 * 60
            case .emailVerification: return 48 * 3600
            }
        }
    }

    /// Creates a token for `userID` inside the caller's transaction; returns its row id and the
    /// token itself (to put in the link, never stored).
    static func issue(_ purpose: Purpose, userID: Int, email: String, now: Date, on connection: PostgresConnection) throws -> (id: Int, token: String) {
        let token = try SecureRandom.token(byteCount: 32)
        let row = try connection.query(
            """
            INSERT INTO account_tokens (user_id, purpose, token_hash, email, password_changed_at, expires_at)
            SELECT id, \(purpose.rawValue), \(try Digest.sha256Hex(token)), \(email), password_changed_at, \(now.addingTimeInterval(purpose.lifetime))
            FROM users WHERE id = \(userID)
            RETURNING id
            """)[0]
        return (try row.decode(Int.self, "id"), token)
    }

    /// Burns `token` for `purpose` (locking it) and returns its user id, or throws a `token` field
    /// issue: unknown, already used, expired, or issued before the password last changed.
    static func redeem(_ purpose: Purpose, token: String?, now: Date, on connection: PostgresConnection) throws -> Int {
        let token = (token ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard !token.isEmpty else { throw DomainError.invalid("token", "is required") }
        guard let row = try connection.query(
            """
            SELECT t.id, t.user_id, t.used_at IS NOT NULL AS used, t.expires_at, t.password_changed_at = u.password_changed_at AS current
            FROM account_tokens t JOIN users u ON u.id = t.user_id
            WHERE t.token_hash = \(try Digest.sha256Hex(token)) AND t.purpose = \(purpose.rawValue) AND u.is_active
            FOR UPDATE OF t
            """).firstRow else { throw DomainError.invalid("token", "is not a valid link; ask for a new one") }
        guard try !row.decode(Bool.self, "used") else { throw DomainError.invalid("token", "has already been used; ask for a new link") }
        guard try row.decode(Date.self, "expires_at") > now else { throw DomainError.invalid("token", "has expired; ask for a new link") }
        guard try row.decode(Bool.self, "current") else {
            throw DomainError.invalid("token", "is no longer valid: the password was changed after it was sent")
        }
        try connection.query("UPDATE account_tokens SET used_at = now() WHERE id = \(try row.decode(Int.self, "id"))")
        return try row.decode(Int.self, "user_id")
    }
}
