import Postgres

/// Two-factor sign-in as its owner manages it — the account page and its JSON twins call these:
/// start and confirm a set-up, replace the recovery codes, turn it off.
extension TwoFactor {
    /// Where a user's set-up stands.
    public enum State: String, Sendable {
        /// A first code confirmed it; sign-in asks for a code.
        case enrolled
        /// A secret exists (from `vpsctl admin create` or the set-up page) but no code confirmed it yet.
        case pending
        /// No secret at all (never started, turned off, or reset by an admin).
        case notSetUp = "not_set_up"
    }

    /// Where `user`'s set-up stands.
    public func state(of user: User, on connection: PostgresConnection) throws -> State {
        if user.twoFactorEnabled { return .enrolled }
        return try storedSecret(userID: user.id, on: connection) == nil ? .notSetUp : .pending
    }

    /// The caller's pending secret, made now if there is none; already enrolled is a conflict.
    public func pendingEnrolment(for caller: Caller) throws -> Enrolment {
        try pendingEnrolment(for: try caller.signedIn(), on: caller.connection)
    }

    /// Confirms the caller's pending set-up with a first code; returns the ten recovery codes
    /// (shown once). Wrong codes are throttled (`Verifier.enrolment`).
    public func confirm(code: String?, by caller: Caller) throws -> [String] {
        try confirm(user: try caller.signedIn(), code: code, on: caller.connection, origin: caller.origin)
    }

    /// Replaces the caller's recovery codes with ten new ones (shown once; the old ones stop
    /// working). Needs a current TOTP code — a recovery code will not do — checked by `StepUp`
    /// (each code once, wrong codes throttled); without two-factor sign-in it is a conflict.
    public func regenerateRecoveryCodes(code: String?, by caller: Caller) throws -> [String] {
        let user = try caller.signedIn()
        guard user.twoFactorEnabled else {
            throw DomainError.conflict("Two-factor sign-in is not set up, so there are no recovery codes to replace.")
        }
        return try StepUp.run(
            on: caller.connection, actor: user, code: code, twoFactor: self, origin: caller.origin, action: "new recovery codes"
        ) { connection in
            let codes = try replaceRecoveryCodes(userID: user.id, on: connection)
            try AuditLog.record(
                on: connection, actor: Actor(user), action: "two_factor.recovery_codes_replaced", targetType: "user",
                targetID: String(user.id), after: ["recovery_codes": codes.count], origin: caller.origin)
            return codes
        }
    }

    /// Whether `user` may turn their own two-factor sign-in off: customers may; staff must keep it
    /// (an admin resets a lost one).
    public static func mayDisable(_ user: User) -> Bool {
        user.role == .customer && user.twoFactorEnabled
    }

    /// Turns the caller's two-factor sign-in off: the secret and the recovery codes are gone, and
    /// sign-in asks for the password only. Customers only (`mayDisable`); needs a current TOTP
    /// code or an unused recovery code (someone who lost their phone signs in with one recovery
    /// code and turns it off with another), checked by `StepUp`. Audited.
    public func disable(code: String?, by caller: Caller) throws {
        let user = try caller.signedIn()
        guard !user.role.isStaff else {
            throw DomainError.forbidden("Staff must keep two-factor sign-in. If your phone is lost, an admin can reset it at /admin/staff.")
        }
        guard Self.mayDisable(user) else { throw DomainError.conflict("Two-factor sign-in is already off.") }
        try StepUp.run(
            on: caller.connection, actor: user, code: code, twoFactor: self, origin: caller.origin,
            action: "turning off two-factor sign-in", allowRecovery: true
        ) { connection in
            try connection.query(
                "UPDATE users SET totp_secret = NULL, totp_enabled_at = NULL, totp_last_step = NULL, updated_at = now() WHERE id = $1",
                [user.id])
            try connection.query("DELETE FROM recovery_codes WHERE user_id = $1", [user.id])
            try AuditLog.record(
                on: connection, actor: Actor(user), action: "two_factor.disabled", targetType: "user", targetID: String(user.id),
                before: ["two_factor_enabled": true], after: ["two_factor_enabled": false], origin: caller.origin)
            try TwoFactorNotice.queue(userID: user.id, state: "off", on: connection)
        }
    }
}
