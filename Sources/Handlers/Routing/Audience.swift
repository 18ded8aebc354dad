import Domain

/// Who may call a route, declared with the route (`Router.group`) and enforced in one place,
/// `AccessGuardMiddleware`, before the handler runs. What a caller may *see* (their own orders,
/// servers …) is Domain's business, decided from `Caller`.
public enum Audience: String, Sendable, CaseIterable {
    /// Anyone, signed in or not.
    case anyone
    /// Any user with a complete sign-in, customer or staff.
    case signedIn
    /// Customers only.
    case customer
    /// Staff: the `staff` and `admin` roles.
    case staff
    /// Admins only.
    case admin

    /// Whether `user` belongs to the audience (nil: nobody is signed in).
    public func admits(_ user: User?) -> Bool {
        guard let user else { return self == .anyone }
        switch self {
        case .anyone, .signedIn: return true
        case .customer: return user.role == .customer
        case .staff: return user.role.isStaff
        case .admin: return user.role == .admin
        }
    }
}

/// A route's declared access: its audience, and whether the change it makes needs a fresh
/// two-factor code of the acting staff member (checked by Domain's `StepUp`, once).
public struct RouteAccess: Sendable, Equatable {
    public var audience: Audience
    public var stepUp: Bool
}
