/// One JSON write sent with an `Idempotency-Key`: who sent it, the key, and what it asked for.
///
/// Keys belong to the signed-in user who sent them (a token's owner or a session's user), so
/// two callers never share one. Two requests are "the same" when method, decoded path and the
/// raw body bytes (SHA-256) are equal; the route pattern is kept for staff reading the table.
public struct IdempotentRequest: Sendable, Equatable {
    /// The header's name, for field errors.
    public static let header = "Idempotency-Key"
    /// Stripe's limit.
    public static let maximumKeyLength = 255

    public let userID: Int
    public let key: String
    public let method: String
    public let route: String
    public let path: String
    public let bodySHA256: String

    /// Checks the key (1–255 printable ASCII characters) and fingerprints the body.
    public init(userID: Int, key: String, method: String, route: String, path: String, body: [UInt8]) throws {
        guard !key.isEmpty, key.utf8.count <= Self.maximumKeyLength else {
            throw DomainError.invalid(Self.header, "must be 1 to \(Self.maximumKeyLength) characters")
        }
        guard key.utf8.allSatisfy({ (0x20...0x7e).contains($0) }) else {
            throw DomainError.invalid(Self.header, "must be printable ASCII")
        }
        self.userID = userID
        self.key = key
        self.method = method
        self.route = route
        self.path = path
        self.bodySHA256 = try Digest.sha256(body).hexString
    }

    /// The session advisory lock's object id: a 32-bit hash of caller and key (see `IdempotencyKeys`).
    var lockName: String { "\(userID):\(key)" }
}
