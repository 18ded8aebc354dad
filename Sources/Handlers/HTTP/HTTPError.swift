import Domain

/// An error that knows how it answers: status, a title, a detail and field errors.
///
/// Under `/api/` it renders as `application/problem+json`; elsewhere as an HTML page.
public struct HTTPError: Error, Sendable {
    public var status: HTTPStatus
    public var title: String
    public var detail: String
    public var fieldErrors: [FieldError]
    /// Extra headers (`Allow`, `Retry-After`, `WWW-Authenticate` …).
    public var headers: [(name: String, value: String)]
    /// For a stale edit: the current version and state of the resource.
    public var currentVersion: Int?
    public var current: JSONValue?

    public init(
        _ status: HTTPStatus, title: String? = nil, detail: String,
        fieldErrors: [FieldError] = [], headers: [(name: String, value: String)] = []
    ) {
        self.status = status
        self.title = title ?? status.reason
        self.detail = detail
        self.fieldErrors = fieldErrors
        self.headers = headers
    }

    /// One invalid input field: its name and what is wrong with it.
    public struct FieldError: Sendable, Codable, Equatable {
        public var field: String
        public var message: String

        public init(field: String, message: String) {
            self.field = field
            self.message = message
        }
    }

    public static func notFound(_ detail: String = "There is nothing at this address.") -> HTTPError {
        HTTPError(.notFound, title: "Not found", detail: detail)
    }
}
