import Foundation
import Postgres

/// Confirming a customer's email address: a self-registered customer (and one whose address
/// staff changed) gets a one-time link (`AccountTokens` purpose `email_verification`) and may not
/// order until they follow it. Following it sends the welcome email (`account.welcome`).
public enum EmailVerification {
    /// Why an unverified customer's order is refused.
    public static let confirmFirst =
        "Confirm your email address first: follow the link we emailed you, or ask for a new one (the button on this page, or POST /api/v1/account/verification)."
    /// What a customer is told once a new link is on its way.
    public static let sentMessage = "We have sent a new confirmation link to your email address. It works for 48 hours."
    /// Links a customer may ask for per minute and per hour (the one sent on registration counts).
    static let perMinute = 1, perHour = 5

    /// Queues the confirmation email for `userID` with a fresh link, inside the caller's transaction.
    static func send(userID: Int, now: Date, on connection: PostgresConnection) throws {
        guard let user = try Users.find(id: userID, on: connection) else { return }
        let issued = try AccountTokens.issue(.emailVerification, userID: user.id, email: user.email, now: now, on: connection)
        let link = try NotificationSettings.load(on: connection).portalURL + "/verify-email?token=" + issued.token
        try Notify.user("account.verify_email", key: "account.verify_email:\(issued.id)", customerID: user.id, values: ["link": link], on: connection)
    }

    /// Voids every unused link of `userID` and marks the address unconfirmed (its address changed).
    static func reset(userID: Int, now: Date, on connection: PostgresConnection) throws {
        try connection.query("UPDATE users SET email_verified_at = NULL WHERE id = \(userID)")
        try connection.query("UPDATE account_tokens SET used_at = now() WHERE user_id = \(userID) AND purpose = 'email_verification' AND used_at IS NULL")
        try send(userID: userID, now: now, on: connection)
    }

    /// A signed-in customer asks for a new link: `conflict` when the address is already
    /// confirmed, `tooManyRequests` past 1 link a minute or 5 an hour.
    public static func resend(by caller: Caller, now: Date = Date()) throws {
        let user = try caller.signedIn()
        guard !user.emailVerified else { throw DomainError.conflict("Your email address is already confirmed.") }
        try caller.connection.transaction { connection in
            try connection.query("SELECT 1 FROM users WHERE id = \(user.id) FOR UPDATE")  // two resends at once count each other
            let sent = try connection.query(
                """
                SELECT count(*) FILTER (WHERE created_at > \(now)::timestamptz - interval '1 minute') AS minute, count(*) AS hour
                FROM account_tokens WHERE user_id = \(user.id) AND purpose = 'email_verification' AND created_at > \(now)::timestamptz - interval '1 hour'
                """)[0]
            if try sent.decode(Int.self, "minute") >= perMinute {
                throw DomainError.tooManyRequests(retryAfter: 60, "A link was sent less than a minute ago; check your email, or try again in a minute.")
            }
            if try sent.decode(Int.self, "hour") >= perHour {
                throw DomainError.tooManyRequests(retryAfter: 3600, "\(perHour) links were sent within the hour; try again later.")
            }
            try send(userID: user.id, now: now, on: connection)
        }
    }

    /// Confirms the address of link `token` (burning it) and queues the welcome email; a wrong,
    /// used or expired token is a `token` field issue and changes nothing.
    @discardableResult
    public static func confirm(token: String?, origin: RequestOrigin, now: Date = Date(), on connection: PostgresConnection) throws -> User {
        try connection.transaction { connection in
            let userID = try AccountTokens.redeem(.emailVerification, token: token, now: now, on: connection)
            let confirmed = try connection.query(
                "UPDATE users SET email_verified_at = now() WHERE id = \(userID) AND email_verified_at IS NULL RETURNING id")
            guard let user = try Users.find(id: userID, on: connection) else { throw DomainError.invalid("token", "is not a valid link; ask for a new one") }
            guard !confirmed.isEmpty else { return user }
            try Notify.user("account.welcome", key: "account.welcome:\(userID)", customerID: userID,
                            values: ["link": try NotificationSettings.load(on: connection).portalURL + "/catalog"], on: connection)
            try AuditLog.record(on: connection, actor: Actor(user), action: "user.email_verified", targetType: "user",
                                targetID: String(userID), after: ["email": user.email], origin: origin)
            return user
        }
    }
}
