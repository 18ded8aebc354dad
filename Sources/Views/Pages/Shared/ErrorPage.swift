/// A styled error page (404, 405, 500 …) that never shows internals.
public struct ErrorPage: PageModel {
    public let template = "error"
    public var title: String
    public var bodyClass: String { "error-page" }
    public var status: Int
    public var message: String
    /// Shown so a person can quote it to support; it finds the log line.
    public var requestID: String?

    public init(status: Int, title: String, message: String, requestID: String? = nil) {
        self.status = status
        self.title = title
        self.message = message
        self.requestID = requestID
    }
}
