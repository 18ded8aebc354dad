import Foundation
import Postgres

/// Limits failed sign-ins per account and per address over a sliding window,
/// counted from the session log (so every refusal is visible there too).
public struct LoginThrottle: Sendable {
    public var window: TimeInterval = 15 * 60
    public var maxFailuresPerAccount = 10
    public var maxFailuresPerAddress = 50

    public init() {}

    /// Throws `tooManyRequests` when either limit is reached.
    public func check(email: String, address: String, on connection: PostgresConnection) throws {
        let row = try connection.query(
            """
            SELECT
              (SELECT count(*) FROM session_events WHERE event IN ('login_failed', 'second_factor_failed')
                 AND lower(email) = lower($1) AND occurred_at > now() - make_interval(secs => $3)) AS by_account,
              (SELECT min(occurred_at) FROM (SELECT occurred_at FROM session_events WHERE event IN ('login_failed', 'second_factor_failed')
                 AND lower(email) = lower($1) AND occurred_at > now() - make_interval(secs => $3) ORDER BY occurred_at DESC LIMIT $4) a) AS account_oldest,
              (SELECT count(*) FROM session_events WHERE event IN ('login_failed', 'second_factor_failed')
                 AND remote_address = $2 AND occurred_at > now() - make_interval(secs => $3)) AS by_address,
              (SELECT min(occurred_at) FROM (SELECT occurred_at FROM session_events WHERE event IN ('login_failed', 'second_factor_failed')
                 AND remote_address = $2 AND occurred_at > now() - make_interval(secs => $3) ORDER BY occurred_at DESC LIMIT $5) b) AS address_oldest
            """, [email, address, Int(window), maxFailuresPerAccount, maxFailuresPerAddress])[0]
        var retryAfter: TimeInterval = 0
        if try row.decode(Int.self, "by_account") >= maxFailuresPerAccount, let oldest = try row.decode(Date?.self, "account_oldest") {
            retryAfter = max(retryAfter, window - Date().timeIntervalSince(oldest))
        }
        if try row.decode(Int.self, "by_address") >= maxFailuresPerAddress, let oldest = try row.decode(Date?.self, "address_oldest") {
            retryAfter = max(retryAfter, window - Date().timeIntervalSince(oldest))
        }
        if retryAfter > 0 {
            throw DomainError.tooManyRequests(
                retryAfter: max(1, Int(retryAfter.rounded(.up))),
                "Too many failed sign-ins. Try again later.")
        }
    }
}
