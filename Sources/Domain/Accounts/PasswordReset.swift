import Foundation
import Postgres

/// Forgotten passwords: `request` emails a one-time link (through the outbox) and answers the same
/// whether or not the address has an account, or the request was throttled; `confirm` sets the new
/// password from that link, signs out every session and burns the token.
public enum PasswordReset {
    /// What every well-formed request is told, so the answer reveals nothing about the address.
    public static let acceptedMessage =
        "If an account uses that address, we have sent it a link to choose a new password. The link works for 30 minutes."

    /// Queues the reset email when `email` belongs to an active account and neither the address
    /// nor the account has asked too often; otherwise nothing is sent. Only a missing or malformed
    /// email is refused.
    public static func request(
        email rawEmail: String?, throttle: GuessThrottle, origin: RequestOrigin, now: Date = Date(), on connection: PostgresConnection
    ) throws {
        var issues: [FieldIssue] = []
        guard let email = AccountInput.email(rawEmail).collect(into: &issues) else { throw DomainError.validation(issues) }
        try connection.transaction { connection in
            let user = try Users.find(email: email, on: connection)
            do {
                try throttle.admit(.passwordReset, email: email, userID: user?.id, origin: origin, on: connection)
            } catch DomainError.tooManyRequests {
                return  // answered like any other request; the refusal is in the session log
            }
            try throttle.failed(.passwordReset, email: email, userID: user?.id, origin: origin,
                                detail: user?.isActive == true ? "link sent" : "no active account", on: connection)
            guard let user, user.isActive else { return }
            let issued = try AccountTokens.issue(.passwordReset, userID: user.id, email: user.email, now: now, on: connection)
            let settings = try NotificationSettings.load(on: connection)
            let link = settings.portalURL + "/password/reset?token=" + issued.token
            let rendered = try NotificationTemplates.find(event: NotificationCatalog.passwordReset.key, channel: EmailChannel.name, on: connection)
                .render(["name": user.name.isEmpty ? "there" : user.name, "portal_url": settings.portalURL, "link": link])
            try Outbox.enqueue(OutboxDraft(eventKey: "password.reset:\(issued.id)", recipient: user.email, recipientName: user.name,
                                           customerID: user.role == .customer ? user.id : nil, subject: rendered.subject.output,
                                           text: rendered.text.output, html: rendered.html.output),
                               on: connection)
        }
    }

    /// Sets `password` for the account of reset link `token` (the registration password policy),
    /// ends every session and burns the token; a refusal names `token` or `password` and changes nothing.
    @discardableResult
    public static func confirm(
        token: String?, password: String?, hasher: PasswordHasher, origin: RequestOrigin, now: Date = Date(), on connection: PostgresConnection
    ) throws -> User {
        try connection.transaction { connection in
            let userID = try AccountTokens.redeem(.passwordReset, token: token, now: now, on: connection)
            guard let user = try Users.find(id: userID, on: connection) else { throw DomainError.invalid("token", "is not a valid link; ask for a new one") }
            var issues: [FieldIssue] = []
            guard let password = AccountInput.password(password, email: user.email).collect(into: &issues) else { throw DomainError.validation(issues) }
            try connection.query("UPDATE users SET password_hash = \(try hasher.hash(password)), password_changed_at = now(), updated_at = now() WHERE id = \(user.id)")
            let ended = try Sessions.endAll(userID: user.id, on: connection)
            try AuditLog.record(on: connection, actor: Actor(user), action: "user.password_reset", targetType: "user",
                                targetID: String(user.id), after: ["sessions_ended": ended], origin: origin)
            try SessionLog.record(on: connection, .passwordReset, userID: user.id, email: user.email, origin: origin,
                                  detail: "password set from an emailed link; \(ended) sessions signed out")
            return user
        }
    }
}
