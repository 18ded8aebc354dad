import Postgres

/// How outgoing webhooks may be sent: whether private targets are allowed (tests and closed
/// networks), and after how many consecutive failed attempts a subscription is disabled.
public struct WebhookSettings: Sendable, Equatable, Encodable {
    public var allowPrivateTargets: Bool
    public var maxConsecutiveFailures: Int

    enum CodingKeys: String, CodingKey {
        case allowPrivateTargets = "allow_private_targets", maxConsecutiveFailures = "max_consecutive_failures"
    }

    public static func load(on connection: PostgresConnection) throws -> WebhookSettings {
        let row = try connection.query("SELECT allow_private_targets, max_consecutive_failures FROM webhook_settings WHERE id = 1")[0]
        return WebhookSettings(allowPrivateTargets: try row.decode(Bool.self, "allow_private_targets"),
                               maxConsecutiveFailures: try row.decode(Int.self, "max_consecutive_failures"))
    }
}
