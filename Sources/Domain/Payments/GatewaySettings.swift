import Foundation
import Postgres

/// One gateway's settings as staff see them: secrets only as a hint (`…a1b2`), never in full.
public struct GatewaySettings: Sendable, Encodable, Equatable {
    public var name: String
    public var enabled: Bool
    public var displayName: String
    /// The module's own options (`demo`: `decline`, `send_twice`, `delay_seconds`, `refuse_refunds`).
    public var options: [String: JSONValue]
    public var webhookSecretHint: String
    public var apiKeyHint: String
    public var updatedAt: Date

    enum CodingKeys: String, CodingKey {
        case name, enabled, options
        case displayName = "display_name", webhookSecretHint = "webhook_secret_hint", apiKeyHint = "api_key_hint", updatedAt = "updated_at"
    }

    static let columns = "name, enabled, display_name, settings::text AS settings, webhook_secret_hint, api_key_hint, updated_at"

    /// Settings not read from the table: a disabled gateway with `options` (tests of gateway programs).
    init(name: String, options: [String: JSONValue]) {
        self.name = name
        enabled = false
        displayName = name
        self.options = options
        webhookSecretHint = ""
        apiKeyHint = ""
        updatedAt = Date()
    }

    init(row: PostgresRow) throws {
        name = try row.decode(String.self, "name")
        enabled = try row.decode(Bool.self, "enabled")
        displayName = try row.decode(String.self, "display_name")
        if case .object(let object)? = JSONValue.parse(try row.decode(String.self, "settings")) { options = object } else { options = [:] }
        webhookSecretHint = try row.decode(String.self, "webhook_secret_hint")
        apiKeyHint = try row.decode(String.self, "api_key_hint")
        updatedAt = try row.decode(Date.self, "updated_at")
    }

    /// A boolean option (false when absent).
    func flag(_ key: String) -> Bool {
        if case .bool(let value)? = options[key] { return value }
        return false
    }

    /// An integer option (0 when absent).
    func number(_ key: String) -> Int {
        if case .number(let value)? = options[key] { return Int(value) }
        return 0
    }

    /// A text option (nil when absent or empty).
    func text(_ key: String) -> String? {
        if case .string(let value)? = options[key], !value.isEmpty { return value }
        return nil
    }

    /// What staff are shown of a secret: its last four characters.
    static func hint(_ secret: String) -> String {
        secret.isEmpty ? "" : "…" + secret.suffix(4)
    }
}
