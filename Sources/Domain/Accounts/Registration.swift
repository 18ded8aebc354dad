import Foundation
import Postgres

/// Customer self-registration. Every well-formed request gets the same answer whether or not the
/// address already has an account, so registering reveals nothing about who is a customer: a new
/// address gets an unconfirmed account and a confirmation link; a taken one creates nothing and
/// its owner is told (at most once an hour) that someone tried. Nobody is signed in: the customer
/// signs in after confirming (or before, but may not order until then).
public enum Registration {
    /// What every accepted registration is told.
    public static let acceptedMessage =
        "Check your email to confirm your address: we have sent a link to it. Follow the link (it works for 48 hours), then sign in."

    /// How long every accepted registration takes at least. Both paths hash the password, but a new
    /// account also writes its rows, which showed as ≈ 60 ms more (medians under the test load), so
    /// the answer waits until this much time has passed: a taken address cannot be told by its speed.
    public static let minimumDuration: TimeInterval = 0.5

    /// Registers `email` as a customer or, when it is taken, queues `account.register_attempt` to
    /// its owner. Only invalid fields are refused (the same for taken and free addresses); an
    /// accepted registration returns no sooner than `minimumDuration` after it started.
    public static func register(
        email rawEmail: String?, name rawName: String?, password rawPassword: String?, origin: RequestOrigin,
        hasher: PasswordHasher = PasswordHasher(), now: Date = Date(), minimumDuration: TimeInterval = Registration.minimumDuration,
        on connection: PostgresConnection
    ) throws {
        let started = Date()
        defer {
            let left = minimumDuration - Date().timeIntervalSince(started)
            if left > 0 { Thread.sleep(forTimeInterval: left) }
        }
        var issues: [FieldIssue] = []
        let email = AccountInput.email(rawEmail).collect(into: &issues)
        _ = AccountInput.name(rawName).collect(into: &issues)
        let password = AccountInput.password(rawPassword, email: email).collect(into: &issues)
        guard let email, let password, issues.isEmpty else { throw DomainError.validation(issues) }
        do {
            try connection.transaction { connection in
                if try Users.find(email: email, on: connection) != nil {
                    _ = try hasher.hash(password)  // as long as creating an account takes
                    return try attempted(email: email, now: now, on: connection)
                }
                let user = try Users.create(on: connection, email: email, name: rawName, password: password, role: .customer,
                                            actor: .selfService, origin: origin, hasher: hasher, verified: false)
                try EmailVerification.send(userID: user.id, now: now, on: connection)
            }
        } catch DomainError.validation(let issues) where issues.contains(where: { $0.field == "email" }) {
            try attempted(email: email, now: now, on: connection)  // registered by a concurrent request
        }
    }

    /// Tells the owner of `email` that someone tried to register it, once per account and hour.
    static func attempted(email: String, now: Date, on connection: PostgresConnection) throws {
        guard let owner = try Users.find(email: email, on: connection) else { return }
        let hour = Int(now.timeIntervalSince1970 / 3600)
        let portal = try NotificationSettings.load(on: connection).portalURL
        try Notify.user("account.register_attempt", key: "account.register_attempt:\(owner.id):\(hour)", customerID: owner.id,
                        values: ["link": portal + "/password/forgot"], on: connection)
    }
}
