/// RFC 9457 problem details, the body of every JSON error.
public struct ProblemDocument: Codable, Sendable, Equatable {
    public var type: String
    public var title: String
    public var status: Int
    public var detail: String
    public var errors: [HTTPError.FieldError]
    /// The request id, so a client can quote it to support.
    public var requestID: String?

    enum CodingKeys: String, CodingKey {
        case type, title, status, detail, errors
        case requestID = "request_id"
    }

    public init(error: HTTPError, requestID: String?) {
        self.type = "about:blank"
        self.title = error.title
        self.status = error.status.code
        self.detail = error.detail
        self.errors = error.fieldErrors
        self.requestID = requestID
    }
}
