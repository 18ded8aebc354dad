import Foundation
import Postgres

/// TOTP enrolment, verification with replay protection, recovery codes and reset. What a user
/// does with their own set-up (confirm, new recovery codes, turn off) is in `TwoFactor+SelfService.swift`.
public struct TwoFactor: Sendable {
    public static let issuer = "VPS Portal"
    public static let recoveryCodeCount = 10

    /// Seals TOTP secrets at rest.
    public let box: SecretBox
    /// The clock, injectable for tests.
    public var now: @Sendable () -> Date = { Date() }

    public init(box: SecretBox) {
        self.box = box
    }

    /// What the enrolment page shows: the secret as text and as an otpauth URI.
    public struct Enrolment: Sendable {
        public var secretBase32: String
        public var uri: String
    }

    /// The pending secret of a user who has not confirmed yet (made now if there is none).
    public func pendingEnrolment(for user: User, on connection: PostgresConnection) throws -> Enrolment {
        guard !user.twoFactorEnabled else { throw DomainError.conflict("Two-factor sign-in is already set up.") }
        let secret: [UInt8]
        if let sealed = try storedSecret(userID: user.id, on: connection) {
            secret = try box.open(sealed, context: context(user.id))
        } else {
            secret = try TOTP.newSecret()
            try connection.query(
                "UPDATE users SET totp_secret = $2, totp_last_step = NULL WHERE id = $1",
                [user.id, PostgresBytes(try box.seal(secret, context: context(user.id)))])
        }
        let totp = TOTP(secret: secret)
        return Enrolment(secretBase32: Base32.encode(secret), uri: totp.provisioningURI(account: user.email, issuer: Self.issuer))
    }

    /// Confirms enrolment with a first code; returns the recovery codes (shown once). Wrong
    /// codes are throttled per account (`Verifier.enrolment`).
    public func confirm(
        user: User, code: String?, on connection: PostgresConnection, origin: RequestOrigin, throttle: GuessThrottle = GuessThrottle()
    ) throws -> [String] {
        guard !user.twoFactorEnabled else { throw DomainError.conflict("Two-factor sign-in is already set up.") }
        guard let code, !code.isEmpty else { throw DomainError.invalid("code", "Enter the 6-digit code from your app.") }
        try throttle.admit(.enrolment, email: user.email, userID: user.id, origin: origin, on: connection)
        let codes: [String]? = try connection.transaction { connection in
            guard let sealed = try storedSecret(userID: user.id, on: connection, lock: true) else {
                throw DomainError.conflict("Start the set-up again: there is no pending secret.")
            }
            let totp = TOTP(secret: try box.open(sealed, context: context(user.id)))
            guard let step = try totp.matchingStep(for: code, at: now()) else { return nil }
            try connection.query("UPDATE users SET totp_enabled_at = now(), totp_last_step = $2 WHERE id = $1", [user.id, step])
            let codes = try replaceRecoveryCodes(userID: user.id, on: connection)
            try AuditLog.record(
                on: connection, actor: Actor(user), action: "two_factor.enrolled", targetType: "user", targetID: String(user.id),
                before: ["two_factor_enabled": false], after: ["two_factor_enabled": true], origin: origin)
            try TwoFactorNotice.queue(userID: user.id, state: "on", on: connection)
            return codes
        }
        guard let codes else {
            // Written after the transaction, so the refusal stays in the log.
            try throttle.failed(.enrolment, email: user.email, userID: user.id, origin: origin, detail: "enrolment", on: connection)
            throw DomainError.invalid("code", "That code is not right. Check the time on your phone and try the current code.")
        }
        return codes
    }

    /// Outcome of checking a code at sign-in or step-up.
    public enum Check: Sendable, Equatable {
        case accepted
        case acceptedRecoveryCode
        case wrong
        case replayed
        case notEnrolled
    }

    /// Checks a TOTP code (each time step accepted at most once) or, when `allowRecovery`,
    /// an unused recovery code (then spent).
    public func check(userID: Int, code: String, allowRecovery: Bool, on connection: PostgresConnection) throws -> Check {
        let row = try connection.query(
            "SELECT totp_secret, totp_enabled_at IS NOT NULL AS enabled FROM users WHERE id = $1", [userID]).firstRow
        guard let row, try row.decode(Bool.self, "enabled"), let sealed = try row.decode(PostgresBytes?.self, "totp_secret") else {
            return .notEnrolled
        }
        let trimmed = code.filter { !$0.isWhitespace }
        if trimmed.count == 6, trimmed.allSatisfy(\.isNumber) {
            let totp = TOTP(secret: try box.open(sealed.bytes, context: context(userID)))
            guard let step = try totp.matchingStep(for: trimmed, at: now()) else { return .wrong }
            let updated = try connection.query(
                "UPDATE users SET totp_last_step = $2 WHERE id = $1 AND (totp_last_step IS NULL OR totp_last_step < $2) RETURNING id",
                [userID, step])
            return updated.isEmpty ? .replayed : .accepted
        }
        guard allowRecovery else { return .wrong }
        let spent = try connection.query(
            "UPDATE recovery_codes SET used_at = now() WHERE user_id = $1 AND code_hash = $2 AND used_at IS NULL RETURNING id",
            [userID, try Self.hashRecoveryCode(trimmed)])
        return spent.isEmpty ? .wrong : .acceptedRecoveryCode
    }

    /// Whether `viewer` may reset `member`'s second factor: an admin, someone else's, set up.
    public static func mayReset(_ member: User, by viewer: User) -> Bool {
        viewer.role == .admin && member.id != viewer.id && member.role.isStaff && member.twoFactorEnabled
    }

    /// Resets staff member `targetID`'s 2FA as `caller` (an admin); anyone not staff: not found.
    public func reset(targetID: Int, by caller: Caller) throws {
        guard let target = try Users.find(id: targetID, on: caller.connection), target.role.isStaff else {
            throw DomainError.notFound("No such staff member.")
        }
        try reset(target: target, by: try caller.signedIn(), on: caller.connection, origin: caller.origin)
    }

    /// Removes a staff member's 2FA (an admin's act, audited); they must enrol again.
    public func reset(target: User, by admin: User, on connection: PostgresConnection, origin: RequestOrigin) throws {
        guard admin.role == .admin else { throw DomainError.forbidden("Only an admin can reset two-factor sign-in.") }
        guard target.id != admin.id else { throw DomainError.conflict("Use your own account page to change your own two-factor sign-in.") }
        try connection.transaction { connection in
            try connection.query(
                "UPDATE users SET totp_secret = NULL, totp_enabled_at = NULL, totp_last_step = NULL, updated_at = now() WHERE id = $1",
                [target.id])
            try connection.query("DELETE FROM recovery_codes WHERE user_id = $1", [target.id])
            try Sessions.endAll(userID: target.id, on: connection)
            try AuditLog.record(
                on: connection, actor: Actor(admin), action: "two_factor.reset", targetType: "user", targetID: String(target.id),
                before: ["two_factor_enabled": target.twoFactorEnabled], after: ["two_factor_enabled": false], origin: origin)
        }
    }

    /// How many unused recovery codes a user has left.
    public func remainingRecoveryCodes(userID: Int, on connection: PostgresConnection) throws -> Int {
        try connection.query("SELECT count(*) AS n FROM recovery_codes WHERE user_id = $1 AND used_at IS NULL", [userID])[0]
            .decode(Int.self, "n")
    }

    /// Hash stored for a recovery code: codes carry 50 random bits, so SHA-256 suffices.
    static func hashRecoveryCode(_ code: String) throws -> String {
        try Digest.sha256Hex(code.lowercased().replacingOccurrences(of: "-", with: ""))
    }

    func replaceRecoveryCodes(userID: Int, on connection: PostgresConnection) throws -> [String] {
        try connection.query("DELETE FROM recovery_codes WHERE user_id = $1", [userID])
        var codes: [String] = []
        for _ in 0..<Self.recoveryCodeCount {
            let text = Base32.encode(try SecureRandom.bytes(7)).lowercased().prefix(10)
            let code = "\(text.prefix(5))-\(text.suffix(5))"
            try connection.query(
                "INSERT INTO recovery_codes (user_id, code_hash) VALUES ($1, $2)", [userID, try Self.hashRecoveryCode(code)])
            codes.append(code)
        }
        return codes
    }

    func storedSecret(userID: Int, on connection: PostgresConnection, lock: Bool = false) throws -> [UInt8]? {
        try connection.query("SELECT totp_secret FROM users WHERE id = $1" + (lock ? " FOR UPDATE" : ""), [userID])
            .firstRow?.decode(PostgresBytes?.self, "totp_secret")?.bytes
    }

    private func context(_ userID: Int) -> String { "users.totp_secret:\(userID)" }
}
