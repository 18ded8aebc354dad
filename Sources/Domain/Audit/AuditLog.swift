import Foundation
import Postgres

/// The audit trail: one row per change of state — who, what, before/after, when, from where.
///
/// Every use case that changes state calls `record` inside its own transaction, so the
/// change and its audit row commit or roll back together.
public enum AuditLog {
    /// Writes one audit row. `before`/`after` are stored as JSON; never pass secrets.
    public static func record(
        on connection: PostgresConnection, actor: Actor, action: String, targetType: String, targetID: String,
        before: (any Encodable)? = nil, after: (any Encodable)? = nil, origin: RequestOrigin
    ) throws {
        try connection.query(
            """
            INSERT INTO audit_log (actor_id, actor_label, action, target_type, target_id, before, after, remote_address, request_id)
            VALUES (\(actor.userID), \(actor.label), \(action), \(targetType), \(targetID), \(try json(before))::jsonb, \(try json(after))::jsonb,
                    \(origin.address), \(origin.requestID))
            """)
    }

    /// Newest first, optionally for one target.
    public static func list(
        on connection: PostgresConnection, page: PageRequest, targetType: String? = nil, targetID: String? = nil
    ) throws -> Page<AuditEntry> {
        var sql = SQLFilter()
        sql.add("id < ?", page.afterID)
        sql.add("target_type = ?", targetType)
        sql.add("target_id = ?", targetID)
        let rows = try connection.query(
            """
            SELECT id, occurred_at, actor_id, actor_label, action, target_type, target_id,
                   before::text AS before, after::text AS after, remote_address, request_id
            FROM audit_log \(sql.whereClause) ORDER BY id DESC LIMIT \(page.limit + 1)
            """)
        return page.page(try rows.map(AuditEntry.init(row:)), id: \.id)
    }

    /// Configured once: every state change of every request writes through it.
    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }()

    private static func json(_ value: (any Encodable)?) throws -> String? {
        guard let value else { return nil }
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}

/// One row of the audit trail.
public struct AuditEntry: Sendable, Encodable {
    public var id: Int
    public var occurredAt: Date
    public var actorID: Int?
    public var actorLabel: String
    public var action: String
    public var targetType: String
    public var targetID: String
    /// JSON text of the state before and after (nil where there is none).
    public var before: String?
    public var after: String?
    public var remoteAddress: String
    public var requestID: String

    enum CodingKeys: String, CodingKey {
        case id, action, before, after
        case occurredAt = "occurred_at", actorID = "actor_id", actorLabel = "actor", targetType = "target_type"
        case targetID = "target_id", remoteAddress = "remote_address", requestID = "request_id"
    }

    init(row: PostgresRow) throws {
        id = try row.decode(Int.self, "id")
        occurredAt = try row.decode(Date.self, "occurred_at")
        actorID = try row.decode(Int?.self, "actor_id")
        actorLabel = try row.decode(String.self, "actor_label")
        action = try row.decode(String.self, "action")
        targetType = try row.decode(String.self, "target_type")
        targetID = try row.decode(String.self, "target_id")
        before = try row.decode(String?.self, "before")
        after = try row.decode(String?.self, "after")
        remoteAddress = try row.decode(String.self, "remote_address")
        requestID = try row.decode(String.self, "request_id")
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(occurredAt, forKey: .occurredAt)
        try container.encode(actorID, forKey: .actorID)
        try container.encode(actorLabel, forKey: .actorLabel)
        try container.encode(action, forKey: .action)
        try container.encode(targetType, forKey: .targetType)
        try container.encode(targetID, forKey: .targetID)
        try container.encode(before.flatMap(JSONValue.parse), forKey: .before)
        try container.encode(after.flatMap(JSONValue.parse), forKey: .after)
        try container.encode(remoteAddress, forKey: .remoteAddress)
        try container.encode(requestID, forKey: .requestID)
    }
}
