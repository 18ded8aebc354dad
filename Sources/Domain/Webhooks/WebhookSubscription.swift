import Foundation
import Postgres

/// One REST-hook subscription: events (dotted names, or `*`) POSTed to `url`, signed with a
/// per-subscription secret that is shown once, when it is made, and stored sealed.
public struct WebhookSubscription: Sendable, Equatable, Encodable {
    public var id: Int
    public var url: String
    public var events: [String]
    public var enabled: Bool
    public var consecutiveFailures: Int
    /// Why it was disabled (empty while enabled).
    public var disabledReason: String
    public var createdAt: Date
    /// Only in the answer that created it.
    public var secret: String?

    enum CodingKeys: String, CodingKey {
        case id, url, events, enabled, consecutiveFailures = "consecutive_failures", disabledReason = "disabled_reason"
        case createdAt = "created_at", secret
    }

    /// Whether event `type` goes to this subscription.
    public func wants(_ type: String) -> Bool { events.contains("*") || events.contains(type) }

    static let columns = """
        id, url, array_to_json(events)::text AS events, enabled, consecutive_failures, disabled_reason, created_at
        """

    init(row: PostgresRow) throws {
        id = try row.decode(Int.self, "id")
        url = try row.decode(String.self, "url")
        events = (try? JSONDecoder().decode([String].self, from: Data(try row.decode(String.self, "events").utf8))) ?? []
        enabled = try row.decode(Bool.self, "enabled")
        consecutiveFailures = try row.decode(Int.self, "consecutive_failures")
        disabledReason = try row.decode(String.self, "disabled_reason")
        createdAt = try row.decode(Date.self, "created_at")
    }
}
