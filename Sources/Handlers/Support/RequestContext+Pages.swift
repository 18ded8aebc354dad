import Domain
import Views

extension RequestContext {
    /// Renders a page inside the layout, with the signed-in user's navigation.
    public func page(_ model: some PageModel, status: HTTPStatus = .ok) throws -> Response {
        var navigation: Navigation?
        if let identity, let session = identity.session, session.stage == .full {
            let user = identity.user
            navigation = Navigation(
                name: user.name, email: user.email, isStaff: user.role.isStaff, isAdmin: user.role == .admin,
                csrfToken: session.csrfToken, currentPath: path)
        }
        return .html(try renderer.html(model, navigation: navigation), status: status)
    }

    /// Where a user starts after signing in.
    public static func homePath(for user: User) -> String {
        user.role.isStaff ? "/admin" : "/my"
    }

    /// The signed-in user's account page.
    public static func accountPath(for user: User) -> String {
        user.role == .customer ? "/my/account" : "/account"
    }

    /// `next` if it is a local path (never another site), else the user's home.
    public static func safeRedirect(_ next: String?, for user: User) -> String {
        guard let next, next.hasPrefix("/"), !next.hasPrefix("//"), !next.contains("\\"), !next.contains("\r"), !next.contains("\n"),
            next != "/login"
        else { return homePath(for: user) }
        return next
    }
}

extension RequestContext {
    /// `?limit=` and `?cursor=` of a list.
    public func pageRequest() throws -> PageRequest {
        try PageRequest(limit: query["limit"], cursor: query["cursor"])
    }
}

extension RequestContext {
    /// Sends the customer on to `url` after a form: a 303 when it is the portal's own page, the
    /// hand-off page when it is another site's (the CSP's `form-action 'self'` stops browsers
    /// from following a form's redirect to another origin).
    public func handOff(to url: String) throws -> Response {
        url.hasPrefix("/") && !url.hasPrefix("//") ? .redirect(to: url) : try page(GatewayHandOffPage(url: url))
    }
}
