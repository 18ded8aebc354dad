import Foundation
import Postgres

/// An API token as listed to its owner (never the token itself).
public struct APIToken: Sendable, Encodable {
    /// `read` allows GET and HEAD only; `write` allows everything the owner may do.
    public enum Scope: String, Sendable, Codable { case read, write }

    public var id: Int
    public var name: String
    public var prefix: String
    public var scope: Scope
    public var createdAt: Date
    public var lastUsedAt: Date?
    public var expiresAt: Date?
    public var revokedAt: Date?

    enum CodingKeys: String, CodingKey {
        case id, name, prefix, scope
        case createdAt = "created_at", lastUsedAt = "last_used_at", expiresAt = "expires_at", revokedAt = "revoked_at"
    }

    static let columns = "t.id, t.name, t.prefix, t.scope, t.created_at, t.last_used_at, t.expires_at, t.revoked_at"

    init(row: PostgresRow) throws {
        id = try row.decode(Int.self, "id")
        name = try row.decode(String.self, "name")
        prefix = try row.decode(String.self, "prefix")
        scope = Scope(rawValue: try row.decode(String.self, "scope")) ?? .read
        createdAt = try row.decode(Date.self, "created_at")
        lastUsedAt = try row.decode(Date?.self, "last_used_at")
        expiresAt = try row.decode(Date?.self, "expires_at")
        revokedAt = try row.decode(Date?.self, "revoked_at")
    }
}

/// A token just created: the only moment its secret text exists outside the client.
public struct IssuedToken: Sendable {
    public var token: String
    public var record: APIToken
}

/// Who a bearer token speaks for.
public struct TokenIdentity: Sendable {
    public var user: User
    public var tokenID: Int
    public var scope: APIToken.Scope
}

/// API token use cases: issue, authenticate, list, revoke.
public enum APITokens {
    /// Lifetime of the tokens `POST /api/v1/auth/login` hands out.
    public static let loginTokenLifetime: TimeInterval = 60 * 60

    /// Creates a token for the caller (scope `read` unless `write` is asked for); the text is
    /// returned once.
    public static func issue(name: String?, scope: String?, by caller: Caller) throws -> IssuedToken {
        let user = try caller.signedIn()
        guard let scope = APIToken.Scope(rawValue: (scope ?? "").isEmpty ? "read" : scope!) else {
            throw DomainError.invalid("scope", "must be read or write")
        }
        return try issue(on: caller.connection, user: user, name: name, scope: scope, actor: caller.actor, origin: caller.origin)
    }

    /// Revokes one of the caller's own tokens (anyone else's: not found).
    public static func revoke(tokenID: Int, by caller: Caller) throws {
        try revoke(tokenID: tokenID, ownerID: try caller.signedIn().id, on: caller.connection, actor: caller.actor, origin: caller.origin)
    }

    /// The caller's own tokens, newest first.
    public static func list(for caller: Caller) throws -> [APIToken] {
        try list(userID: try caller.signedIn().id, on: caller.connection)
    }

    /// Creates a token for `user`; the text is returned once and stored only as a hash.
    public static func issue(
        on connection: PostgresConnection, user: User, name: String?, scope: APIToken.Scope,
        lifetime: TimeInterval? = nil, actor: Actor, origin: RequestOrigin
    ) throws -> IssuedToken {
        let name = (name ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard (1...100).contains(name.count) else { throw DomainError.invalid("name", "must be 1 to 100 characters") }
        let secret = try SecureRandom.token()
        let token = "vps_" + secret
        return try connection.transaction { connection in
            let seconds = lifetime.map { Int($0) }
            let row = try connection.query(
                """
                INSERT INTO api_tokens AS t (user_id, name, token_hash, prefix, scope, expires_at)
                VALUES (\(user.id), \(name), \(try Digest.sha256Hex(token)), \(String(token.prefix(12))), \(scope.rawValue),
                        CASE WHEN \(seconds)::integer IS NULL THEN NULL ELSE now() + make_interval(secs => \(seconds)) END)
                RETURNING \(unescaped: APIToken.columns)
                """)[0]
            let record = try APIToken(row: row)
            try AuditLog.record(
                on: connection, actor: actor, action: "api_token.created", targetType: "api_token", targetID: String(record.id),
                after: ["user_id": String(user.id), "name": name, "scope": scope.rawValue], origin: origin)
            return IssuedToken(token: token, record: record)
        }
    }

    /// The identity behind a bearer token, or nil (unknown, revoked, expired, user disabled).
    public static func authenticate(token: String, on connection: PostgresConnection) throws -> TokenIdentity? {
        guard token.hasPrefix("vps_"), token.count <= 100 else { return nil }
        let rows = try connection.query(
            """
            SELECT t.id AS token_id, t.scope, t.last_used_at, \(User.columns)
            FROM api_tokens t JOIN users u ON u.id = t.user_id
            WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND (t.expires_at IS NULL OR t.expires_at > now()) AND u.is_active
            """, [try Digest.sha256Hex(token)])
        guard let row = rows.firstRow else { return nil }
        let identity = TokenIdentity(
            user: try User(row: row), tokenID: try row.decode(Int.self, "token_id"),
            scope: APIToken.Scope(rawValue: try row.decode(String.self, "scope")) ?? .read)
        let lastUsed = try row.decode(Date?.self, "last_used_at")
        if lastUsed.map({ Date().timeIntervalSince($0) > 60 }) ?? true {
            try connection.query("UPDATE api_tokens SET last_used_at = now() WHERE id = $1", [identity.tokenID])
        }
        return identity
    }

    /// The owner's tokens, newest first (revoked ones included, marked).
    public static func list(userID: Int, on connection: PostgresConnection) throws -> [APIToken] {
        try connection.query("SELECT \(APIToken.columns) FROM api_tokens t WHERE t.user_id = $1 ORDER BY t.id DESC", [userID])
            .map(APIToken.init(row:))
    }

    /// Revokes one of the owner's tokens; someone else's id is not found.
    public static func revoke(
        tokenID: Int, ownerID: Int, on connection: PostgresConnection, actor: Actor, origin: RequestOrigin
    ) throws {
        try connection.transaction { connection in
            let rows = try connection.query(
                "UPDATE api_tokens SET revoked_at = now() WHERE id = $1 AND user_id = $2 AND revoked_at IS NULL RETURNING id",
                [tokenID, ownerID])
            guard !rows.isEmpty else { throw DomainError.notFound("No such active token.") }
            try AuditLog.record(
                on: connection, actor: actor, action: "api_token.revoked", targetType: "api_token", targetID: String(tokenID),
                origin: origin)
        }
    }
}
