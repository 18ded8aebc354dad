import Domain
/// RFC 9457 problem details, the body of every JSON error.
public struct ProblemDocument: Codable, Sendable, Equatable {
    public var type: String
    public var title: String
    public var status: Int
    public var detail: String
    public var errors: [HTTPError.FieldError]
    /// The request id, so a client can quote it to support.
    public var requestID: String?
    /// For a stale edit (409): the version the resource is at now, and its current state.
    public var currentVersion: Int?
    public var current: JSONValue?

    enum CodingKeys: String, CodingKey {
        case type, title, status, detail, errors, current
        case requestID = "request_id", currentVersion = "current_version"
    }

    public init(error: HTTPError, requestID: String?) {
        self.type = "about:blank"
        self.title = error.title
        self.status = error.status.code
        self.detail = error.detail
        self.errors = error.fieldErrors
        self.requestID = requestID
        self.currentVersion = error.currentVersion
        self.current = error.current
    }
}
