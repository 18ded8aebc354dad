import Foundation
import Postgres

/// A signed-in user's own account: profile, password, and confirming it is really them.
public enum Profiles {
    /// Changes the caller's own name, and for customers company, phone and billing details (nil
    /// or absent leaves a field as it is; staff have none of those; only staff may make a customer
    /// tax-exempt). Returns the profile as saved; audited.
    public static func update(name: String?, company: String?, phone: String?, billing: [String: String] = [:], by caller: Caller) throws -> Profile {
        let user = try caller.signedIn()
        let (company, phone) = user.role == .customer ? (company, phone) : (nil, nil)
        let connection = caller.connection, origin = caller.origin
        var issues: [FieldIssue] = []
        let name = name.map { AccountInput.name($0).collect(into: &issues) } ?? nil
        for (field, value, limit) in [("company", company, 200), ("phone", phone, 50)] {
            guard let value else { continue }
            if value.count > limit { issues.append(FieldIssue(field: field, message: "must be at most \(limit) characters")) }
            if value.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
                issues.append(FieldIssue(field: field, message: "must not contain control characters"))
            }
        }
        guard issues.isEmpty else { throw DomainError.validation(issues) }
        return try connection.transaction { connection in
            let before = try Profile.load(userID: user.id, on: connection)
            if let details = before?.billing, !billing.isEmpty { try details.applying(billing, staff: false).save(userID: user.id, on: connection) }
            try connection.query(
                """
                UPDATE users SET name = coalesce($2, name), company = coalesce($3, company), phone = coalesce($4, phone),
                       version = version + 1, updated_at = now() WHERE id = $1
                """, [user.id, name, company?.trimmingCharacters(in: .whitespaces), phone?.trimmingCharacters(in: .whitespaces)])
            guard let after = try Profile.load(userID: user.id, on: connection) else { throw DomainError.notFound("No such account.") }
            try AuditLog.record(on: connection, actor: Actor(user), action: "user.profile_updated", targetType: "user",
                                targetID: String(user.id), before: before, after: after, origin: origin)
            return after
        }
    }

    /// Changes the caller's own password after checking the current one (throttled); every
    /// session but `keepSession` (the browser session the change came from, if any) ends.
    public static func changePassword(current: String?, new: String?, keepSession: Int?, authenticator: Authenticator, by caller: Caller) throws {
        try changePassword(try caller.signedIn(), current: current, new: new, keepSession: keepSession, authenticator: authenticator,
                           on: caller.connection, origin: caller.origin)
    }

    /// Changes the password after checking the current one; every other session ends.
    public static func changePassword(
        _ user: User, current: String?, new: String?, keepSession: Int?, authenticator: Authenticator,
        on connection: PostgresConnection, origin: RequestOrigin
    ) throws {
        guard try confirm(user, password: current, authenticator: authenticator, on: connection, origin: origin,
                          verifier: .currentPassword, field: "current_password") != nil else {
            throw DomainError.invalid("current_password", "is not right")
        }
        var issues: [FieldIssue] = []
        guard let newPassword = AccountInput.password(new, email: user.email, field: "new_password").collect(into: &issues) else { throw DomainError.validation(issues) }
        guard newPassword != current else { throw DomainError.invalid("new_password", "must differ from the current password") }
        let hash = try authenticator.hasher.hash(newPassword)
        try connection.transaction { connection in
            try connection.query("UPDATE users SET password_hash = $2, password_changed_at = now(), updated_at = now() WHERE id = $1", [user.id, hash])
            let ended = try Sessions.endAll(userID: user.id, except: keepSession, on: connection)
            try AuditLog.record(on: connection, actor: Actor(user), action: "user.password_changed", targetType: "user",
                                targetID: String(user.id), after: ["other_sessions_ended": ended], origin: origin)
        }
    }

    /// The user when `password` is theirs, else nil; wrong passwords are throttled on
    /// `verifier`'s own budget, so a stolen session cannot guess the password either.
    public static func confirm(
        _ user: User, password: String?, authenticator: Authenticator, on connection: PostgresConnection, origin: RequestOrigin,
        verifier: Verifier = .passwordCheck, field: String = "password"
    ) throws -> User? {
        guard let password, !password.isEmpty else { throw DomainError.invalid(field, "is required to confirm it is you") }
        try authenticator.throttle.admit(verifier, email: user.email, userID: user.id, origin: origin, on: connection)
        guard let hash = try Users.passwordHash(userID: user.id, on: connection), authenticator.hasher.verify(password, against: hash) else {
            try authenticator.throttle.failed(verifier, email: user.email, userID: user.id, origin: origin, detail: field, on: connection)
            return nil
        }
        return user
    }
}
