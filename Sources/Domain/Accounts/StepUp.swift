import Postgres

/// The one check behind every 2FA-gated action: "this acting staff member gave a
/// current, unused TOTP code".
///
/// `run` verifies the code and performs the action in one transaction; a missing,
/// wrong or replayed code changes nothing and is written to the session log.
public enum StepUp {
    public static func run<R>(
        on connection: PostgresConnection, actor user: User, code: String?, twoFactor: TwoFactor,
        origin: RequestOrigin, action: String, _ body: (PostgresConnection) throws -> R
    ) throws -> R {
        guard let code, !code.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw DomainError.secondFactorRequired("This change needs a current code from your authenticator app.")
        }
        let outcome: TwoFactor.Check
        do {
            return try connection.transaction { connection in
                let check = try twoFactor.check(userID: user.id, code: code, allowRecovery: false, on: connection)
                guard check == .accepted else { throw Refused(check: check) }
                return try body(connection)
            }
        } catch let refused as Refused {
            outcome = refused.check
        }
        let event: SessionLog.Event = outcome == .replayed ? .secondFactorReplayed : .secondFactorFailed
        try SessionLog.record(on: connection, event, userID: user.id, email: user.email, origin: origin, detail: "step-up for \(action)")
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
