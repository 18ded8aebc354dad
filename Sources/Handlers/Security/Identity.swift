import Domain

/// Who is making a request, and how they proved it.
public enum Identity: Sendable {
    /// A browser session (cookie).
    case session(Session)
    /// An API token (`Authorization: Bearer`).
    case token(TokenIdentity)

    public var user: User {
        switch self {
        case .session(let session): return session.user
        case .token(let token): return token.user
        }
    }

    /// True for a session still waiting for its second factor.
    public var awaitsSecondFactor: Bool {
        if case .session(let session) = self { return session.stage == .secondFactor }
        return false
    }

    public var session: Session? {
        if case .session(let session) = self { return session }
        return nil
    }
}
