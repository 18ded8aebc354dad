/// One HTTP request as a plain value: built by the FastCGI adapter or by a test.
public struct Request: Sendable {
    /// Upper-case method as the client sent it (`GET`, `POST`, …).
    public var method: String
    /// The raw request target (`/path?query`), still percent-encoded.
    public var target: String
    public var headers: HTTPHeaders
    public var body: [UInt8]
    /// The client's address as nginx saw it.
    public var remoteAddress: String
    /// nginx's `$request_id`, or one made up by the adapter; ties log lines to a request.
    public var requestID: String
    /// True when the client connected over TLS.
    public var isHTTPS: Bool

    public init(
        method: String, target: String, headers: HTTPHeaders = HTTPHeaders(), body: [UInt8] = [],
        remoteAddress: String = "127.0.0.1", requestID: String = RequestID.make(), isHTTPS: Bool = false
    ) {
        self.method = method
        self.target = target
        self.headers = headers
        self.body = body
        self.remoteAddress = remoteAddress
        self.requestID = requestID
        self.isHTTPS = isHTTPS
    }

    /// The path part of the target, not yet decoded.
    public var rawPath: Substring {
        guard let mark = target.firstIndex(of: "?") else { return target[...] }
        return target[..<mark]
    }

    /// The query part of the target (after `?`), not yet decoded.
    public var rawQuery: Substring {
        guard let mark = target.firstIndex(of: "?") else { return "" }
        return target[target.index(after: mark)...]
    }

    /// True for a path under `/api/` or `/webhooks/` (machine callers): errors there answer problem+json.
    public var isAPI: Bool { rawPath == "/api" || rawPath.hasPrefix("/api/") || rawPath.hasPrefix("/webhooks/") }
}
