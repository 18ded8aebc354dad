import Postgres

/// Signing in over JSON (`POST /api/v1/auth/login`): email and password, then the second
/// factor, and a one-hour bearer token.
///
/// The second factor depends on where the account's two-factor set-up stands:
/// - enrolled: `code` is a current TOTP code or an unused recovery code (`Authenticator`);
/// - staff with a pending secret (printed by `vpsctl admin create`, or shown by the set-up
///   page): `code` is a current code of that secret, and it *confirms* the set-up
///   (`TwoFactor.confirm`, throttled as the page's confirmation is); the outcome then carries
///   the recovery codes, shown this once. So a staff member never needs a browser;
/// - staff with no secret at all (an admin reset it): refused until they set it up again;
/// - customers without two-factor sign-in: the password is enough.
public enum APILogin {
    /// A successful sign-in.
    public struct Outcome: Sendable {
        /// The bearer token (its text exists only here).
        public let issued: IssuedToken
        /// The account as it is now (two-factor enabled after a confirmation).
        public let user: User
        /// The new recovery codes when this sign-in confirmed a pending set-up, else nil.
        public let recoveryCodes: [String]?
    }

    /// Signs in from `caller`'s origin. A missing code answers `secondFactorRequired`, a wrong or
    /// used one `secondFactorRejected` (both about `totp`); wrong passwords and codes are throttled.
    public static func signIn(
        email: String?, password: String?, totp code: String?, authenticator: Authenticator, from caller: Caller
    ) throws -> Outcome {
        let connection = caller.connection, origin = caller.origin
        var user = try authenticator.verifyPassword(email: email, password: password, on: connection, origin: origin)
        var recoveryCodes: [String]?
        if user.twoFactorEnabled {
            try authenticator.verifySecondFactor(user: user, code: code, on: connection, origin: origin)
        } else if user.role.isStaff {
            recoveryCodes = try confirmPendingSetUp(of: user, code: code, twoFactor: authenticator.twoFactor, from: caller)
            user = try Users.find(id: user.id, on: connection) ?? user
        }
        let issued = try APITokens.issue(
            on: connection, user: user, name: "login \(origin.address)", scope: .write, lifetime: APITokens.loginTokenLifetime,
            actor: Actor(user), origin: origin)
        try SessionLog.record(on: connection, .tokenIssued, userID: user.id, email: user.email, origin: origin,
                              detail: recoveryCodes == nil ? "API login" : "API login confirming two-factor sign-in")
        return Outcome(issued: issued, user: user, recoveryCodes: recoveryCodes)
    }

    /// A staff member's first code: confirms the pending secret, returns the recovery codes.
    private static func confirmPendingSetUp(of user: User, code: String?, twoFactor: TwoFactor, from caller: Caller) throws -> [String] {
        guard try twoFactor.state(of: user, on: caller.connection) == .pending else {
            throw DomainError.forbidden(
                "Two-factor sign-in is not set up for this account (an admin may have reset it). Set it up at /account/2fa in "
                    + "the browser, or ask the operator for a new secret.")
        }
        guard let code, !code.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw DomainError.secondFactorRequired(
                "Staff sign in with two-factor sign-in, and this account has not confirmed it yet: send `totp`, a current code "
                    + "from an authenticator app holding the TOTP secret that `vpsctl admin create` printed (or that /account/2fa "
                    + "shows). It confirms the set-up, and the answer carries your recovery codes.")
        }
        do {
            return try twoFactor.confirm(user: user, code: code, on: caller.connection, origin: caller.origin)
        } catch DomainError.validation(let issues) {
            throw DomainError.secondFactorRejected(issues.first?.message ?? "That code is not right.")
        }
    }
}
