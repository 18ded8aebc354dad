import Domain
import Postgres
import Views

/// The whole HTTP application: parse the target, route, run middleware and the
/// handler, render errors. Pure request-in, response-out, so it is tested without a socket.
public struct PortalApplication: Sendable {
    public let router: Router
    public let services: PortalServices
    let middleware: [any Middleware]
    let errors: ErrorResponder

    /// The middleware every portal request passes, outermost first.
    public static let standardMiddleware: [any Middleware] = [
        SecurityHeadersMiddleware(), AuthenticationMiddleware(), CSRFMiddleware(), AccessGuardMiddleware(), IdempotencyMiddleware(),
    ]

    public init(router: Router, services: PortalServices, middleware: [any Middleware] = PortalApplication.standardMiddleware) {
        self.router = router
        self.services = services
        self.middleware = middleware
        self.errors = ErrorResponder(renderer: services.renderer)
    }

    /// The product's application with every route.
    public static func portal(services: PortalServices) -> PortalApplication {
        PortalApplication(router: Routes.all(), services: services)
    }

    /// Answers one request on the calling thread's `connection`.
    public func respond(to request: Request, connection: PostgresConnection) -> Response {
        respondSummarized(to: request, connection: connection).response
    }

    /// The answer, and what the request log line and the metrics record of it.
    public func respondSummarized(to request: Request, connection: PostgresConnection) -> (response: Response, summary: RequestSummary) {
        let started = ContinuousClock.now
        var context: RequestContext?
        let response = respond(to: request, connection: connection, context: &context)
        let elapsed = ContinuousClock.now - started
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let summary = RequestSummary(
            route: context?.route?.pattern ?? "unmatched", method: request.method, status: response.status.code, seconds: seconds,
            requestID: request.requestID, userID: context?.identity?.user.id, databaseError: context?.databaseError ?? false)
        return (response, summary)
    }

    private func respond(to request: Request, connection: PostgresConnection, context created: inout RequestContext?) -> Response {
        // Notice a connection the server closed while idle (a restart), without a round trip;
        // when the database is down, handlers that need it answer 503.
        try? connection.ensureConnected()
        let context = RequestContext(connection: connection, services: services, request: request)
        created = context
        var response: Response
        do {
            response = try chain(request, context)
        } catch {
            response = answer(error, request: request, context: context)
        }
        response.headers.append(contentsOf: context.responseHeaders)
        response.setHeader("X-Request-ID", request.requestID)
        if request.method == "HEAD" { response.body = [] }
        return response
    }

    /// The answer to a handler's error: a page route with a refusal page shows its form again
    /// (with the refusal's status and headers, as its JSON twin would answer); everything else
    /// gets problem+json or the error page.
    private func answer(_ error: Error, request: Request, context: RequestContext) -> Response {
        if error is PostgresError { context.databaseError = true }
        if context.handlerRan, let page = context.route?.refusal, !request.isAPI, let refusal = Refusal(error) {
            if var response = try? page(refusal, request, context) {
                response.status = refusal.error.status
                response.addHeaders(of: refusal.error)
                SecurityHeadersMiddleware.apply(to: &response, isHTTPS: request.isHTTPS)
                return response
            }
            return errorResponse(refusal.error, for: request)
        }
        return errorResponse(ErrorResponder.httpError(for: error, request: request), for: request)
    }

    /// The rendered answer for `error`, with the headers every response carries.
    public func errorResponse(_ error: HTTPError, for request: Request) -> Response {
        var response = errors.response(for: error, request: request)
        SecurityHeadersMiddleware.apply(to: &response, isHTTPS: request.isHTTPS)
        response.setHeader("X-Request-ID", request.requestID)
        return response
    }

    private func chain(_ request: Request, _ context: RequestContext) throws -> Response {
        guard let path = PercentDecoding.decode(request.rawPath), !path.contains("\0") else {
            throw HTTPError(.badRequest, detail: "The path has a broken percent-escape or is not UTF-8.")
        }
        context.path = path
        context.query = try QueryParameters(parsing: request.rawQuery)
        let handler: Handler
        switch router.match(method: request.method, path: path) {
        case .found(let route, let parameters):
            context.route = route
            context.parameters = parameters
            handler = { request, context in
                context.handlerRan = true
                return try route.handler(request, context)
            }
        case .methodNotAllowed(let allowed):
            throw HTTPError(
                .methodNotAllowed, detail: "\(request.method) is not allowed here.",
                headers: [("Allow", allowed.joined(separator: ", "))])
        case .notFound:
            throw HTTPError.notFound()
        }
        let wrapped = middleware.reversed().reduce(handler) { next, step in
            { request, context in try step.handle(request, context, next: next) }
        }
        return try wrapped(request, context)
    }
}
