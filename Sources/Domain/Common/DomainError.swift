/// Why a use case refused: each case maps to one HTTP status in Handlers.
public enum DomainError: Error, Equatable, Sendable {
    /// Input is invalid; each issue names its field.
    case validation([FieldIssue])
    /// The thing does not exist, or the actor may not know it exists.
    case notFound(String)
    /// The current state forbids the change (a stale version, a forbidden transition).
    case conflict(String)
    /// The actor is known but may not do this.
    case forbidden(String)
    /// The actor is not (or no longer) authenticated.
    case unauthenticated(String)
    /// Too many attempts; try again after `retryAfter` seconds.
    case tooManyRequests(retryAfter: Int, String)
    /// A step-up code is needed and was not given.
    case secondFactorRequired(String)
    /// The step-up code was wrong or already used.
    case secondFactorRejected(String)

    /// A single invalid field.
    public static func invalid(_ field: String, _ message: String) -> DomainError {
        .validation([FieldIssue(field: field, message: message)])
    }
}

/// One invalid input field and what is wrong with it.
public struct FieldIssue: Error, Sendable, Equatable, Codable {
    public var field: String
    public var message: String

    public init(field: String, message: String) {
        self.field = field
        self.message = message
    }
}
