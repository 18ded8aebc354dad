import Foundation
import Postgres

/// Sign-in: password first (throttled, same answer and cost for unknown accounts),
/// then — for enrolled users — a TOTP or recovery code (throttled on its own budget).
public struct Authenticator: Sendable {
    public var hasher = PasswordHasher()
    public var throttle = GuessThrottle()
    public let twoFactor: TwoFactor

    public init(twoFactor: TwoFactor) {
        self.twoFactor = twoFactor
    }

    /// The generic refusal: never says whether the account exists.
    public static let wrongCredentials = DomainError.unauthenticated("The email or password is not right.")

    /// Checks email and password. Returns the user; `user.twoFactorEnabled` says a code is still due.
    public func verifyPassword(
        email rawEmail: String?, password: String?, on connection: PostgresConnection, origin: RequestOrigin
    ) throws -> User {
        let email = (rawEmail ?? "").trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        let password = password ?? ""
        try throttle.admit(.password, email: email, userID: nil, origin: origin, on: connection)
        let user = email.isEmpty || email.count > 254 ? nil : try Users.find(email: email, on: connection)
        let hash = try user.flatMap { try Users.passwordHash(userID: $0.id, on: connection) }
        let matches = hasher.verify(password, against: hash ?? PasswordHasher.decoyHash)
        guard let user, hash != nil, matches, user.isActive else {
            try throttle.failed(.password, email: email, userID: user?.id, origin: origin,
                                detail: user == nil ? "unknown account" : (user!.isActive ? "wrong password" : "account disabled"), on: connection)
            throw Self.wrongCredentials
        }
        if !user.twoFactorEnabled {
            try SessionLog.record(on: connection, .loginSucceeded, userID: user.id, email: user.email, origin: origin)
        }
        return user
    }

    /// Checks the second factor of a sign-in (TOTP or recovery code), throttled per account and address.
    public func verifySecondFactor(user: User, code: String?, on connection: PostgresConnection, origin: RequestOrigin) throws {
        guard let code, !code.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw DomainError.secondFactorRequired("Enter the code from your authenticator app or a recovery code.")
        }
        try throttle.admit(.secondFactor, email: user.email, userID: user.id, origin: origin, on: connection)
        switch try twoFactor.check(userID: user.id, code: code, allowRecovery: true, on: connection) {
        case .accepted:
            try SessionLog.record(on: connection, .loginSucceeded, userID: user.id, email: user.email, origin: origin, detail: "with TOTP")
        case .acceptedRecoveryCode:
            try SessionLog.record(on: connection, .recoveryCodeUsed, userID: user.id, email: user.email, origin: origin)
            try SessionLog.record(on: connection, .loginSucceeded, userID: user.id, email: user.email, origin: origin, detail: "with a recovery code")
        case .replayed:
            try throttle.failed(.secondFactor, event: .secondFactorReplayed, email: user.email, userID: user.id, origin: origin,
                                detail: "sign-in", on: connection)
            throw DomainError.secondFactorRejected("That code was already used. Wait for the next one.")
        case .wrong, .notEnrolled:
            try throttle.failed(.secondFactor, email: user.email, userID: user.id, origin: origin, detail: "sign-in", on: connection)
            throw DomainError.secondFactorRejected("That code is not right.")
        }
    }
}
