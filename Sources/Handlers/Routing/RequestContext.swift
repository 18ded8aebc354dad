import Domain
import Postgres
import Views

/// What a handler may use besides the request: the thread's own database
/// connection, the shared services, the route's path parameters and who is asking.
///
/// One per request, on the worker thread that serves it; never shared.
public final class RequestContext {
    /// The worker thread's own connection.
    public let connection: PostgresConnection
    /// The shared, read-only services.
    public let services: PortalServices
    /// The request being answered.
    public let request: Request
    /// The matched route: its pattern and declared access.
    public internal(set) var route: Router.Route?
    /// True once the guards let the request through to its handler: only a handler's own
    /// refusals are shown on the route's refusal page.
    var handlerRan = false
    /// The request failed on a database error (counted by `/metrics`).
    var databaseError = false
    /// Values of `{name}` segments of the matched route.
    public internal(set) var parameters: [String: String] = [:]
    /// The decoded path.
    public internal(set) var path: String = "/"
    /// The decoded query string.
    public internal(set) var query = QueryParameters()
    /// Who is asking, once authentication middleware ran.
    public internal(set) var identity: Identity?
    /// Headers added to whatever response this request gets (cookies, mostly).
    public var responseHeaders: [(name: String, value: String)] = []
    /// The anonymous double-submit CSRF token of this visitor (login and register forms).
    var anonymousCSRFToken: String?
    private var parsedForm: QueryParameters?

    public init(connection: PostgresConnection, services: PortalServices, request: Request) {
        self.connection = connection
        self.services = services
        self.request = request
    }

    public var renderer: PageRenderer { services.renderer }

    /// Where the request came from, for the audit trail and session log.
    public var origin: RequestOrigin {
        RequestOrigin(address: request.remoteAddress, userAgent: request.headers["user-agent"] ?? "", requestID: request.requestID)
    }

    /// A path parameter, or a 404 when it is missing.
    public func parameter(_ name: String) throws -> String {
        guard let value = parameters[name] else { throw HTTPError.notFound() }
        return value
    }

    /// A numeric path parameter (`{id}`); anything else is not found.
    public func idParameter(_ name: String = "id") throws -> Int {
        guard let value = Int(try parameter(name)), value > 0 else { throw HTTPError.notFound() }
        return value
    }

    /// The urlencoded form body, parsed once.
    public func form() throws -> QueryParameters {
        if let parsedForm { return parsedForm }
        let type = request.headers["content-type"]?.lowercased() ?? ""
        guard type.hasPrefix("application/x-www-form-urlencoded") else {
            throw HTTPError(.unsupportedMediaType, detail: "Send the form as application/x-www-form-urlencoded.")
        }
        let form = try QueryParameters(parsing: Substring(decoding: request.body, as: UTF8.self), source: "form")
        parsedForm = form
        return form
    }

    /// Adds a `Set-Cookie` header to the response.
    public func setCookie(_ value: String) {
        responseHeaders.append(("Set-Cookie", value))
    }
}
