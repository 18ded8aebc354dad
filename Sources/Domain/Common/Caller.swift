import Postgres

/// The one per-request value use cases take: who acts (a signed-in user, or nobody), where
/// from, and the connection they act on. What a caller may see and change — staff everything,
/// a customer their own, anyone else nothing — is decided from it here, in Domain; a handler
/// passes it along and has no scope to forget.
public struct Caller {
    /// The signed-in user; nil for an anonymous visitor (or the command line).
    public let user: User?
    public let origin: RequestOrigin
    public let connection: PostgresConnection

    public init(user: User?, origin: RequestOrigin, connection: PostgresConnection) {
        self.user = user
        self.origin = origin
        self.connection = connection
    }

    /// Who the audit trail names.
    public var actor: Actor { user.map(Actor.init) ?? .selfService }

    /// True for the staff and admin roles.
    public var isStaff: Bool { user?.role.isStaff ?? false }

    /// The signed-in user, or `unauthenticated`.
    public func signedIn() throws -> User {
        guard let user else { throw DomainError.unauthenticated("Sign in first.") }
        return user
    }

    /// The signed-in staff member, or `forbidden`.
    public func staff() throws -> User {
        let user = try signedIn()
        guard user.role.isStaff else { throw DomainError.forbidden("This needs a staff account.") }
        return user
    }

    /// The customer whose things a list is limited to: nil for staff (everyone's), the
    /// caller's own id for a customer, whatever the request asked for.
    func customerScope(requested: Int?) throws -> Int? {
        let user = try signedIn()
        return user.role.isStaff ? requested : user.id
    }

    /// Whether the caller may see something that belongs to `customerID`.
    func maySee(customerID: Int) -> Bool {
        guard let user else { return false }
        return user.role.isStaff || user.id == customerID
    }
}

extension Caller {
    /// The signed-in admin, or `forbidden`.
    public func admin() throws -> User {
        let user = try staff()
        guard user.role == .admin else { throw DomainError.forbidden("This needs an admin account.") }
        return user
    }
}
