/// One HTTP response as a plain value.
public struct Response: Sendable {
    public var status: HTTPStatus
    /// Header lines in order; names as they are sent.
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]

    public init(status: HTTPStatus = .ok, headers: [(name: String, value: String)] = [], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// The first value of header `name` (case-insensitive).
    public func header(_ name: String) -> String? {
        headers.first { ASCIIText.equalsIgnoringCase($0.name, name) }?.value
    }

    /// Sets header `name`, replacing earlier values.
    public mutating func setHeader(_ name: String, _ value: String) {
        headers.removeAll { ASCIIText.equalsIgnoringCase($0.name, name) }
        headers.append((name, value))
    }

    /// Adds a refusal's headers (`Retry-After`, `Allow` …) to the page that re-shows the form, so
    /// the page answers as its JSON twin would; `WWW-Authenticate` is for JSON clients only.
    public mutating func addHeaders(of error: HTTPError) {
        for header in error.headers where !ASCIIText.equalsIgnoringCase(header.name, "WWW-Authenticate") {
            setHeader(header.name, header.value)
        }
    }

    /// The body as UTF-8 text (for tests and logs).
    public var text: String { String(decoding: body, as: UTF8.self) }

    /// An HTML page.
    public static func html(_ html: String, status: HTTPStatus = .ok) -> Response {
        .html(Array(html.utf8), status: status)
    }

    /// An HTML page already encoded as UTF-8.
    public static func html(_ html: [UInt8], status: HTTPStatus = .ok) -> Response {
        Response(status: status, headers: [("Content-Type", "text/html; charset=utf-8")], body: html)
    }

    /// A JSON document encoded from `value`.
    public static func json(
        _ value: some Encodable, status: HTTPStatus = .ok, contentType: String = "application/json"
    ) throws -> Response {
        Response(status: status, headers: [("Content-Type", contentType)], body: try JSONStreamEncoder.encode(value))
    }

    /// A redirect to `location` (303 so a POST becomes a GET).
    public static func redirect(to location: String, status: HTTPStatus = .seeOther) -> Response {
        Response(status: status, headers: [("Location", location)])
    }
}
