import Foundation

/// A place where the portal checks a secret a person types. Each has its own budget of wrong
/// attempts per account (and, before sign-in, per address) in `GuessThrottle.window`.
public enum Verifier: String, Sendable, CaseIterable {
    /// The password at sign-in (pages and `POST /api/v1/auth/login`).
    case password
    /// The TOTP or recovery code that finishes a sign-in.
    case secondFactor = "second_factor"
    /// The code a staff member gives for a 2FA-gated change (form field or `X-2FA-Code`).
    case stepUp = "step_up"
    /// The first code that confirms a two-factor enrolment.
    case enrolment
    /// The password typed again before credentials are revealed.
    case passwordCheck = "password_check"
    /// The current password when changing it.
    case currentPassword = "current_password"
    /// A forgotten-password link asked for (every request counts, sent or not).
    case passwordReset = "password_reset"

    /// Wrong attempts per account in one window; the next attempt waits.
    public var accountLimit: Int {
        switch self {
        case .password, .enrolment: return 10
        case .secondFactor, .stepUp, .passwordCheck, .currentPassword: return 5
        case .passwordReset: return 3
        }
    }

    /// Wrong attempts per address in one window, for verifiers an anonymous caller can reach;
    /// nil where the caller is already signed in (the account limit binds them).
    public var addressLimit: Int? {
        switch self {
        case .password, .secondFactor: return 50
        case .passwordReset: return 10
        case .stepUp, .enrolment, .passwordCheck, .currentPassword: return nil
        }
    }

    /// The session-log event a refusal at this verifier writes when nothing more specific applies.
    var failureEvent: SessionLog.Event {
        switch self {
        case .password: return .loginFailed
        case .secondFactor, .stepUp, .enrolment: return .secondFactorFailed
        case .passwordCheck, .currentPassword: return .passwordCheckFailed
        case .passwordReset: return .passwordResetRequested
        }
    }

    /// The event written when an attempt is turned away unchecked.
    var throttledEvent: SessionLog.Event {
        switch self {
        case .password, .secondFactor: return .loginThrottled
        case .stepUp, .enrolment, .passwordCheck, .currentPassword, .passwordReset: return .verificationThrottled
        }
    }

    /// What the person was trying, for the refusal message.
    var attempts: String {
        switch self {
        case .password, .secondFactor: return "failed sign-ins"
        case .stepUp, .enrolment: return "wrong codes"
        case .passwordCheck, .currentPassword: return "wrong passwords"
        case .passwordReset: return "password reset requests"
        }
    }
}
