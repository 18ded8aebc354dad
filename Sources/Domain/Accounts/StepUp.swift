import Postgres

/// The one check behind every 2FA-gated action: "this acting user gave a current, unused TOTP
/// code" (for a few account changes an unused recovery code does too, then spent).
///
/// `run` verifies the code and performs the action in one transaction; a missing,
/// wrong or replayed code changes nothing and is written to the session log. Wrong codes are
/// throttled per staff member (`Verifier.stepUp`): past the limit nothing is checked or changed.
public enum StepUp {
    public static func run<R>(
        on connection: PostgresConnection, actor user: User, code: String?, twoFactor: TwoFactor,
        origin: RequestOrigin, action: String, allowRecovery: Bool = false, throttle: GuessThrottle = GuessThrottle(),
        _ body: (PostgresConnection) throws -> R
    ) throws -> R {
        guard let code, !code.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw DomainError.secondFactorRequired("This change needs a current code from your authenticator app.")
        }
        try throttle.admit(.stepUp, email: user.email, userID: user.id, origin: origin, on: connection)
        let outcome: TwoFactor.Check
        do {
            return try connection.transaction { connection in
                let check = try twoFactor.check(userID: user.id, code: code, allowRecovery: allowRecovery, on: connection)
                guard check == .accepted || check == .acceptedRecoveryCode else { throw Refused(check: check) }
                if check == .acceptedRecoveryCode {
                    try SessionLog.record(on: connection, .recoveryCodeUsed, userID: user.id, email: user.email, origin: origin,
                                          detail: "step-up for \(action)")
                }
                return try body(connection)
            }
        } catch let refused as Refused {
            outcome = refused.check
        }
        try throttle.failed(.stepUp, event: outcome == .replayed ? .secondFactorReplayed : .secondFactorFailed, email: user.email,
                            userID: user.id, origin: origin, detail: "step-up for \(action)", on: connection)
        switch outcome {
        case .replayed: throw DomainError.secondFactorRejected("That code was already used. Wait for the next one.")
        case .notEnrolled: throw DomainError.forbidden("Set up two-factor sign-in before making this change.")
        default: throw DomainError.secondFactorRejected("That code is not right.")
        }
    }

    private struct Refused: Error {
        let check: TwoFactor.Check
    }
}
