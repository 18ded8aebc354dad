/// A handler: a request and its context in, a response out.
public typealias Handler = @Sendable (Request, RequestContext) throws -> Response

/// Re-shows a page form after a refusal: the handler threw, and the route's page shows why.
/// The application gives the answer the refusal's status and headers (`Retry-After` …), the
/// same ones the JSON twin sends, so no handler catches and maps errors itself.
public typealias RefusalPage = @Sendable (Refusal, Request, RequestContext) throws -> Response

/// Maps method + path to handlers. Patterns are literal segments and `{name}` parameters.
/// Routes are added only through `group(_:_:)`, so every route declares who may call it.
///
/// Built once at start-up, then read-only and shared by every worker thread.
public struct Router: Sendable {
    /// One registered route.
    public struct Route: Sendable {
        public let method: String
        public let pattern: String
        public let access: RouteAccess
        let segments: [Segment]
        let handler: Handler
        let refusal: RefusalPage?
        /// A gateway's signed notification (`RouteGroup.webhook`): no session and no CSRF check —
        /// its raw body's signature is its only credential.
        public var isSignedWebhook = false
    }

    enum Segment: Sendable, Equatable {
        case literal(String)
        case parameter(String)
    }

    /// What matching a path found.
    public enum Match {
        case found(Route, parameters: [String: String])
        case methodNotAllowed(allowed: [String])
        case notFound
    }

    private var routes: [Route] = []
    /// Route positions by their number of segments, in declaration order: a path is compared only
    /// with routes that can match it, and no `Route` is copied (retained) on the way.
    private var bySegmentCount: [[Int]] = []

    public init() {}

    /// Declares routes for one audience: `router.group(.staff) { $0.get("/admin", …) }`.
    public mutating func group(_ audience: Audience, _ declare: (inout RouteGroup) -> Void) {
        var group = RouteGroup(audience: audience)
        declare(&group)
        for route in group.routes {
            while bySegmentCount.count <= route.segments.count { bySegmentCount.append([]) }
            bySegmentCount[route.segments.count].append(routes.count)
            routes.append(route)
        }
    }

    /// Every registered route, for route tables, the authorization matrix and the twin check.
    public var registered: [Route] { routes }

    /// Finds the route for a decoded path. HEAD uses the GET route.
    public func match(method: String, path: String) -> Match {
        let parts = Self.split(path[...])
        guard parts.count < bySegmentCount.count else { return .notFound }
        var allowed: [String] = []
        for index in bySegmentCount[parts.count] {
            guard let parameters = Self.bind(routes[index].segments, to: parts) else { continue }
            if routes[index].method == method || (method == "HEAD" && routes[index].method == "GET") {
                return .found(routes[index], parameters: parameters)
            }
            allowed.append(routes[index].method)
        }
        if allowed.isEmpty { return .notFound }
        if allowed.contains("GET") { allowed.append("HEAD") }
        return .methodNotAllowed(allowed: allowed)
    }

    static func split(_ path: Substring) -> [Substring] {
        path.split(separator: "/", omittingEmptySubsequences: true)
    }

    private static func bind(_ segments: [Segment], to parts: [Substring]) -> [String: String]? {
        guard segments.count == parts.count else { return nil }
        var parameters: [String: String] = [:]
        for (segment, part) in zip(segments, parts) {
            switch segment {
            case .literal(let text):
                guard part == text else { return nil }
            case .parameter(let name):
                parameters[name] = String(part)
            }
        }
        return parameters
    }
}

/// The routes of one audience, as `Router.group` declares them.
public struct RouteGroup {
    let audience: Audience
    fileprivate(set) var routes: [Router.Route] = []

    /// Adds a route; `pattern` like `/api/v1/orders/{id}`. `stepUp` marks a change that needs a
    /// two-factor code; `refusal` re-shows a page form when the handler is refused.
    public mutating func add(
        _ method: String, _ pattern: String, stepUp: Bool = false, refusal: RefusalPage? = nil, _ handler: @escaping Handler
    ) {
        let segments = Router.split(pattern[...]).map { part -> Router.Segment in
            part.hasPrefix("{") && part.hasSuffix("}") ? .parameter(String(part.dropFirst().dropLast())) : .literal(String(part))
        }
        routes.append(Router.Route(method: method, pattern: pattern, access: RouteAccess(audience: audience, stepUp: stepUp),
                                   segments: segments, handler: handler, refusal: refusal))
    }

    public mutating func get(_ pattern: String, refusal: RefusalPage? = nil, _ handler: @escaping Handler) {
        add("GET", pattern, refusal: refusal, handler)
    }
    public mutating func post(_ pattern: String, stepUp: Bool = false, refusal: RefusalPage? = nil, _ handler: @escaping Handler) {
        add("POST", pattern, stepUp: stepUp, refusal: refusal, handler)
    }
    public mutating func put(_ pattern: String, stepUp: Bool = false, _ handler: @escaping Handler) { add("PUT", pattern, stepUp: stepUp, handler) }
    public mutating func patch(_ pattern: String, stepUp: Bool = false, _ handler: @escaping Handler) { add("PATCH", pattern, stepUp: stepUp, handler) }
    public mutating func delete(_ pattern: String, stepUp: Bool = false, _ handler: @escaping Handler) { add("DELETE", pattern, stepUp: stepUp, handler) }

    /// A POST from a payment gateway, authenticated by the signature over its raw body alone:
    /// exempt from sessions and CSRF (`AuthenticationMiddleware`, `CSRFMiddleware` check this flag).
    public mutating func webhook(_ pattern: String, _ handler: @escaping Handler) {
        add("POST", pattern, handler)
        routes[routes.count - 1].isSignedWebhook = true
    }
}
