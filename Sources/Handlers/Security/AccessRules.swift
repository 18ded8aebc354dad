import Domain

/// Who is acting, for handlers. Whether they may call the route at all was settled by the
/// route's declared audience (`AccessGuardMiddleware`); what they may see is Domain's
/// business, through `caller`.
extension RequestContext {
    /// The user with a complete sign-in, or nil.
    public var signedInUser: User? {
        guard let identity, !identity.awaitsSecondFactor else { return nil }
        return identity.user
    }

    /// The signed-in user of a route whose audience requires one.
    public var user: User {
        get throws {
            guard let user = signedInUser else { throw DomainError.unauthenticated("Sign in first.") }
            return user
        }
    }

    /// The per-request value Domain's use cases scope by.
    public var caller: Caller {
        Caller(user: signedInUser, origin: origin, connection: connection)
    }

    /// The acting user as the audit trail names them.
    public var actor: Actor {
        identity.map { Actor($0.user) } ?? .selfService
    }
}
