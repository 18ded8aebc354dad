/// A step around every handler: may answer itself, change the request, or decorate the response.
public protocol Middleware: Sendable {
    func handle(_ request: Request, _ context: RequestContext, next: Handler) throws -> Response
}

/// Headers every response carries; values that protect the browser.
public struct SecurityHeadersMiddleware: Middleware {
    public init() {}

    public func handle(_ request: Request, _ context: RequestContext, next: Handler) throws -> Response {
        var response = try next(request, context)
        Self.apply(to: &response, isHTTPS: request.isHTTPS)
        return response
    }

    /// Adds the headers (also used for error responses built outside the chain).
    static func apply(to response: inout Response, isHTTPS: Bool) {
        response.setHeader(
            "Content-Security-Policy",
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                + "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
        response.setHeader("X-Content-Type-Options", "nosniff")
        response.setHeader("Referrer-Policy", "same-origin")
        response.setHeader("X-Frame-Options", "DENY")
        if isHTTPS {
            response.setHeader("Strict-Transport-Security", "max-age=63072000; includeSubDomains")
        }
        if response.header("Cache-Control") == nil {
            response.setHeader("Cache-Control", "no-store")
        }
    }
}
