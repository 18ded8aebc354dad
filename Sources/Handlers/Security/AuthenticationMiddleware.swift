import Domain

/// Finds who is asking: a bearer token (API) or a session cookie (browser).
///
/// A bearer token that does not authenticate answers 401 at once; a dead session
/// cookie just makes the visitor anonymous (and is cleared).
struct AuthenticationMiddleware: Middleware {
    func handle(_ request: Request, _ context: RequestContext, next: Handler) throws -> Response {
        // A gateway's notification is nobody's session: cookies and tokens on it are ignored.
        if context.route?.isSignedWebhook == true { return try next(request, context) }
        if let authorization = request.headers["authorization"] {
            guard authorization.lowercased().hasPrefix("bearer "),
                let identity = try APITokens.authenticate(token: String(authorization.dropFirst(7)).trimmingCharacters(in: .whitespaces), on: context.connection)
            else {
                try SessionLog.record(on: context.connection, .tokenRefused, origin: context.origin, detail: "\(request.method) \(context.path)")
                throw HTTPError(
                    .unauthorized, title: "Not signed in", detail: "The bearer token is not valid (unknown, expired or revoked).",
                    headers: [("WWW-Authenticate", #"Bearer error="invalid_token""#)])
            }
            if identity.scope == .read && !Self.isSafe(request.method) {
                throw HTTPError(.forbidden, title: "Read-only token", detail: "This token has the read scope; it cannot change anything.")
            }
            context.identity = .token(identity)
        } else if let token = Cookies.value(Cookies.session, in: request) {
            if let session = try Sessions.find(token: token, on: context.connection) {
                context.identity = .session(session)
            } else {
                context.setCookie(Cookies.setCookie(Cookies.session, "", secure: request.isHTTPS, maxAge: 0))
            }
        }
        return try next(request, context)
    }

    static func isSafe(_ method: String) -> Bool {
        method == "GET" || method == "HEAD" || method == "OPTIONS"
    }
}
