import Domain
import Postgres
import Views

/// What a handler may use besides the request: the thread's own database
/// connection, the shared renderer and the route's path parameters.
///
/// One per request, on the worker thread that serves it; never shared.
public final class RequestContext {
    /// The worker thread's own connection.
    public let connection: PostgresConnection
    /// The shared, read-only page renderer.
    public let renderer: PageRenderer
    /// Values of `{name}` segments of the matched route.
    public internal(set) var parameters: [String: String] = [:]
    /// The decoded path.
    public internal(set) var path: String = "/"
    /// The decoded query string.
    public internal(set) var query = QueryParameters()
    /// Headers every response of this request gets (security headers and the like).
    public var responseHeaders: [(name: String, value: String)] = []

    public init(connection: PostgresConnection, renderer: PageRenderer) {
        self.connection = connection
        self.renderer = renderer
    }

    /// A path parameter, or a 404 when it is missing.
    public func parameter(_ name: String) throws -> String {
        guard let value = parameters[name] else { throw HTTPError.notFound() }
        return value
    }

    /// Renders a page inside the layout as an HTML response.
    public func page(_ model: some PageModel, status: HTTPStatus = .ok) throws -> Response {
        .html(try renderer.render(model), status: status)
    }
}
