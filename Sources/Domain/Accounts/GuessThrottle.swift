import Foundation
import Postgres

/// The one throttle in front of every verifier of a typed secret (`Verifier`).
///
/// Failures are session-log rows tagged with their verifier, so what is counted is what staff
/// see. Per account: `Verifier.accountLimit` wrong attempts in `window`, then every attempt
/// waits. Per address (sign-in only): `Verifier.addressLimit` wrong attempts in `window` stop a
/// spray across many accounts — except for an account that signed in successfully from that
/// same address within `knownAddressAge`: the colleague behind the same office NAT keeps
/// signing in, bound only by their own account's limit. docs/security.md has the reasoning.
public struct GuessThrottle: Sendable {
    public var window: TimeInterval = 15 * 60
    public var knownAddressAge: TimeInterval = 30 * 24 * 3600

    public init() {}

    /// Lets an attempt through, or writes the refusal to the session log and throws
    /// `tooManyRequests` with the seconds until the oldest counted failure leaves the window.
    public func admit(
        _ verifier: Verifier, email rawEmail: String, userID: Int?, origin: RequestOrigin, on connection: PostgresConnection
    ) throws {
        let email = rawEmail.lowercased()
        let row = try connection.query(
            """
            WITH recent AS (
              SELECT lower(email) = \(email) AS same_account, remote_address = \(origin.address) AS same_address, occurred_at
              FROM session_events
              WHERE verifier = \(verifier.rawValue) AND occurred_at > now() - make_interval(secs => \(Int(window)))
                AND (lower(email) = \(email) OR remote_address = \(origin.address)))
            SELECT
              (SELECT count(*) FROM recent WHERE same_account) AS by_account,
              (SELECT min(occurred_at) FROM (SELECT occurred_at FROM recent WHERE same_account
                 ORDER BY occurred_at DESC LIMIT \(verifier.accountLimit)) a) AS account_oldest,
              (SELECT count(*) FROM recent WHERE same_address) AS by_address,
              (SELECT min(occurred_at) FROM (SELECT occurred_at FROM recent WHERE same_address
                 ORDER BY occurred_at DESC LIMIT \(verifier.addressLimit ?? 0)) b) AS address_oldest,
              EXISTS (SELECT 1 FROM session_events WHERE event = 'login_succeeded' AND lower(email) = \(email)
                 AND remote_address = \(origin.address) AND occurred_at > now() - make_interval(secs => \(Int(knownAddressAge)))) AS known_address
            """)[0]
        var retryAfter: TimeInterval = 0
        if try row.decode(Int.self, "by_account") >= verifier.accountLimit, let oldest = try row.decode(Date?.self, "account_oldest") {
            retryAfter = window - Date().timeIntervalSince(oldest)
        }
        if let limit = verifier.addressLimit, try row.decode(Int.self, "by_address") >= limit, try !row.decode(Bool.self, "known_address"),
            let oldest = try row.decode(Date?.self, "address_oldest") {
            retryAfter = max(retryAfter, window - Date().timeIntervalSince(oldest))
        }
        guard retryAfter > 0 else { return }
        try SessionLog.record(on: connection, verifier.throttledEvent, userID: userID, email: email, origin: origin, detail: verifier.rawValue)
        throw DomainError.tooManyRequests(
            retryAfter: max(1, Int(retryAfter.rounded(.up))), "Too many \(verifier.attempts). Try again later.")
    }

    /// Writes a wrong attempt to the session log, where `admit` counts it.
    public func failed(
        _ verifier: Verifier, event: SessionLog.Event? = nil, email: String, userID: Int?, origin: RequestOrigin, detail: String = "",
        on connection: PostgresConnection
    ) throws {
        try SessionLog.record(on: connection, event ?? verifier.failureEvent, userID: userID, email: email, origin: origin,
                              detail: detail, verifier: verifier)
    }
}
