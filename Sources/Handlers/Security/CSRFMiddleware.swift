import Domain
import Foundation

/// Refuses cross-site and token-less unsafe requests from browsers.
///
/// Checked for every unsafe method except bearer-token requests and anonymous JSON
/// calls (which carry no ambient authority): the `Origin` (or `Sec-Fetch-Site`) must be
/// this site, and the form field `csrf_token` or the `X-CSRF-Token` header must equal
/// the session's token — or, before sign-in, the `vps_csrf` double-submit cookie.
struct CSRFMiddleware: Middleware {
    func handle(_ request: Request, _ context: RequestContext, next: Handler) throws -> Response {
        context.anonymousCSRFToken = Cookies.value(Cookies.csrf, in: request).flatMap { $0.count == 43 ? $0 : nil }
        guard !AuthenticationMiddleware.isSafe(request.method) else { return try next(request, context) }
        // Payment gateways' notifications carry a signature over the raw body instead (Routes: `webhook`).
        if context.route?.isSignedWebhook == true { return try next(request, context) }
        if case .token = context.identity { return try next(request, context) }
        if context.identity == nil && request.isAPI { return try next(request, context) }
        if let reason = try refusal(request, context) {
            try SessionLog.record(
                on: context.connection, .csrfRefused, userID: context.identity?.user.id, email: context.identity?.user.email ?? "",
                origin: context.origin, detail: "\(request.method) \(context.path): \(reason)")
            throw HTTPError(
                .forbidden, title: "Request refused",
                detail: "This form has expired or did not come from this site. Reload the page and try again.")
        }
        return try next(request, context)
    }

    private func refusal(_ request: Request, _ context: RequestContext) throws -> String? {
        if request.headers["sec-fetch-site"] == "cross-site" { return "cross-site request" }
        if let origin = request.headers["origin"] {
            // Hostnames only: nginx passes Host without the port, and cookies are not port-bound either.
            let originHost = URLComponents(string: origin)?.host?.lowercased()
            let host = request.headers["host"].map { Self.hostname($0) }
            if originHost == nil || originHost != host { return "foreign origin \(origin.prefix(100))" }
        }
        let expected = context.identity?.session?.csrfToken ?? context.anonymousCSRFToken
        guard let expected else { return "no CSRF cookie or session" }
        let given = request.headers["x-csrf-token"] ?? (request.isAPI ? nil : try? context.form()["csrf_token"])
        guard let given, constantTimeEquals(given, expected) else { return "missing or wrong CSRF token" }
        return nil
    }
}

extension CSRFMiddleware {
    /// `example.com:8080` → `example.com`; `[::1]:8080` → `::1`.
    static func hostname(_ host: String) -> String {
        let lower = host.lowercased()
        if lower.hasPrefix("["), let close = lower.firstIndex(of: "]") {
            return String(lower[lower.index(after: lower.startIndex)..<close])
        }
        return String(lower.split(separator: ":", maxSplits: 1).first ?? "")
    }
}

extension RequestContext {
    /// The CSRF token forms on this page must carry (made and set as a cookie if the visitor has none).
    public func csrfToken() throws -> String {
        if let session = identity?.session { return session.csrfToken }
        if let token = anonymousCSRFToken { return token }
        let token = try SecureRandom.token()
        anonymousCSRFToken = token
        setCookie(Cookies.setCookie(Cookies.csrf, token, secure: request.isHTTPS))
        return token
    }
}
