/// The first answer to an idempotent request, replayed byte for byte to its retries.
public struct StoredAnswer: Sendable, Equatable {
    public var status: Int
    public var reason: String
    /// Header lines as the handler set them (`Content-Type`, `Location`, `ETag` …).
    public var headers: [Header]
    public var body: [UInt8]

    /// One header line.
    public struct Header: Sendable, Equatable {
        public var name: String
        public var value: String

        public init(name: String, value: String) {
            self.name = name
            self.value = value
        }
    }

    public init(status: Int, reason: String, headers: [Header], body: [UInt8]) {
        self.status = status
        self.reason = reason
        self.headers = headers
        self.body = body
    }

    /// Whether a completed answer with `status` is kept for replay. As Stripe does: an answer the
    /// endpoint gave is kept, errors included, except those that say "not now" or "not like this"
    /// and invite the same request again — 401/403 (a missing or wrong step-up code), 409 (a
    /// conflict or a concurrent request), 429 (throttled) — and 5xx, after which nothing changed
    /// (the handler's transaction rolled back), so a retry runs again instead of replaying a failure.
    public static func isKept(status: Int) -> Bool {
        status < 500 && ![401, 403, 409, 429].contains(status)
    }

    /// Headers as stored: one `Name: value` line each (header values never contain a line break).
    var headerText: String {
        headers.map { "\($0.name): \($0.value)" }.joined(separator: "\n")
    }

    static func headers(from text: String) -> [Header] {
        text.split(separator: "\n").compactMap { line in
            guard let colon = line.firstIndex(of: ":") else { return nil }
            return Header(name: String(line[..<colon]), value: String(line[line.index(after: colon)...].dropFirst()))
        }
    }
}
