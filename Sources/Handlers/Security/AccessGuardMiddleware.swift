import Foundation
import Domain

/// The one place a route's declared audience is enforced, before the handler runs.
///
/// Anonymous callers: JSON answers 401; a page sends them to sign in (back to the page for a
/// GET). Signed-in callers outside the audience: 403. Half-signed-in sessions may only finish
/// signing in; staff without two-factor sign-in may only set it up (in the browser, or over JSON
/// with a token from `vpsctl token create`; `POST /api/v1/auth/login` confirms a pending set-up).
struct AccessGuardMiddleware: Middleware {
    /// Paths open to a session that still owes its second factor.
    static let secondFactorPaths: Set<String> = ["/login/2fa", "/logout", "/health"]
    /// Paths open to staff who have not enrolled in two-factor sign-in yet.
    static let enrolmentPaths: Set<String> = [
        "/account/2fa", "/logout", "/health", "/login", "/login/2fa", "/api/v1/account/2fa", "/api/v1/account/2fa/confirm",
    ]

    func handle(_ request: Request, _ context: RequestContext, next: Handler) throws -> Response {
        let path = context.path
        if let identity = context.identity {
            if identity.awaitsSecondFactor && !Self.secondFactorPaths.contains(path) {
                if request.isAPI { throw DomainError.unauthenticated("Finish signing in first.") }
                return .redirect(to: "/login/2fa")
            }
            if identity.user.mustEnrolTwoFactor && !identity.awaitsSecondFactor
                && !Self.enrolmentPaths.contains(path)
            {
                if request.isAPI {
                    throw DomainError.forbidden(
                        "Set up two-factor sign-in first: POST /api/v1/auth/login with `totp` confirms the secret `vpsctl admin create` "
                            + "printed, or POST /api/v1/account/2fa and /api/v1/account/2fa/confirm set one up.")
                }
                return .redirect(to: "/account/2fa")
            }
        }
        let audience = context.route?.access.audience ?? .anyone
        guard audience != .anyone else { return try next(request, context) }
        guard let user = context.signedInUser else {
            if request.isAPI { throw DomainError.unauthenticated("Sign in first.") }
            guard request.method == "GET" || request.method == "HEAD" else { return .redirect(to: "/login") }
            return .redirect(to: "/login?next=" + (path.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? "/"))
        }
        guard audience.admits(user) else { throw Self.refusal(audience, isAPI: request.isAPI) }
        return try next(request, context)
    }

    /// The 403 for a signed-in caller outside the audience.
    static func refusal(_ audience: Audience, isAPI: Bool) -> Error {
        switch audience {
        case .staff where !isAPI:
            return HTTPError(.forbidden, title: "Staff only", detail: "This part of the portal is for staff. Your servers are under My servers.")
        case .customer where !isAPI:
            return HTTPError(.forbidden, title: "Customers only", detail: "This part of the portal is for customers. Staff work under /admin.")
        case .staff: return DomainError.forbidden("This needs a staff account.")
        case .admin: return DomainError.forbidden("This needs an admin account.")
        case .customer: return DomainError.forbidden("This is for customer accounts.")
        case .anyone, .signedIn: return DomainError.unauthenticated("Sign in first.")
        }
    }
}
