import Domain

/// Who may use a handler. Handlers call these first; each throws the right refusal.
extension RequestContext {
    /// Any signed-in user with a complete sign-in.
    @discardableResult
    public func requireUser() throws -> User {
        guard let identity, !identity.awaitsSecondFactor else {
            throw DomainError.unauthenticated("Sign in first.")
        }
        return identity.user
    }

    /// Staff (admin or staff role).
    @discardableResult
    public func requireStaff() throws -> User {
        let user = try requireUser()
        guard user.role.isStaff else { throw DomainError.forbidden("This needs a staff account.") }
        return user
    }

    /// An admin.
    @discardableResult
    public func requireAdmin() throws -> User {
        let user = try requireUser()
        guard user.role == .admin else { throw DomainError.forbidden("This needs an admin account.") }
        return user
    }

    /// A customer.
    @discardableResult
    public func requireCustomer() throws -> User {
        let user = try requireUser()
        guard user.role == .customer else { throw DomainError.forbidden("This is for customer accounts.") }
        return user
    }

    /// The acting user as the audit trail names them.
    public var actor: Actor {
        identity.map { Actor($0.user) } ?? .selfService
    }
}
