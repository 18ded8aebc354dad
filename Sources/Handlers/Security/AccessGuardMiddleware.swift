import Foundation
import Domain

/// Area rules by path: `/admin` is for staff, `/my` for customers, `/account` for
/// anyone signed in. Half-signed-in sessions may only finish signing in; staff
/// without two-factor sign-in may only set it up.
struct AccessGuardMiddleware: Middleware {
    /// Paths open to a session that still owes its second factor.
    static let secondFactorPaths: Set<String> = ["/login/2fa", "/logout", "/health"]
    /// Paths open to staff who have not enrolled in two-factor sign-in yet.
    static let enrolmentPaths: Set<String> = ["/account/2fa", "/logout", "/health", "/login", "/login/2fa"]

    func handle(_ request: Request, _ context: RequestContext, next: Handler) throws -> Response {
        let path = context.path
        if let identity = context.identity {
            if identity.awaitsSecondFactor && !Self.secondFactorPaths.contains(path) {
                if request.isAPI { throw DomainError.unauthenticated("Finish signing in first.") }
                return .redirect(to: "/login/2fa")
            }
            if identity.user.role.isStaff && !identity.user.twoFactorEnabled && !identity.awaitsSecondFactor
                && !Self.enrolmentPaths.contains(path)
            {
                if request.isAPI { throw DomainError.forbidden("Set up two-factor sign-in in the browser before using the API.") }
                return .redirect(to: "/account/2fa")
            }
        }
        if let area = Area(path: path) {
            guard let user = context.identity?.user, !(context.identity?.awaitsSecondFactor ?? false) else {
                return .redirect(to: "/login?next=" + (path.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? "/"))
            }
            switch area {
            case .staff where !user.role.isStaff:
                throw HTTPError(.forbidden, title: "Staff only", detail: "This part of the portal is for staff. Your servers are under My servers.")
            case .customer where user.role.isStaff:
                throw HTTPError(.forbidden, title: "Customers only", detail: "This part of the portal is for customers. Staff work under /admin.")
            default: break
            }
        }
        return try next(request, context)
    }

    private enum Area {
        case staff, customer, account

        init?(path: String) {
            func under(_ prefix: String) -> Bool { path == prefix || path.hasPrefix(prefix + "/") }
            if under("/admin") { self = .staff } else if under("/my") { self = .customer } else if under("/account") { self = .account } else { return nil }
        }
    }
}
