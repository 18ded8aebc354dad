import Foundation
import Postgres

/// How outgoing webhooks may be sent: whether private targets are allowed (tests and closed
/// networks), and after how many consecutive failed attempts a subscription is disabled. Admins
/// change them (2FA, audited).
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

    /// The field names a change takes.
    public static let fields = ["allow_private_targets", "max_consecutive_failures"]

    /// Staff read them.
    public static func current(for caller: Caller) throws -> WebhookSettings {
        _ = try caller.staff()
        return try load(on: caller.connection)
    }

    /// Admins: checks `input` (the fields given change, the others stay) and saves it under step-up `code`.
    public static func update(_ input: [String: String], twoFactor: TwoFactor, by caller: Caller, code: String?) throws -> WebhookSettings {
        let admin = try caller.admin()
        var after = try load(on: caller.connection)
        var issues: [FieldIssue] = []
        if let text = input["allow_private_targets"] {
            switch text {
            case "true", "on", "1": after.allowPrivateTargets = true
            case "false", "off", "0", "": after.allowPrivateTargets = false
            default: issues.append(FieldIssue(field: "allow_private_targets", message: "must be true or false"))
            }
        }
        if let text = input["max_consecutive_failures"] {
            if let count = Int(text.trimmingCharacters(in: .whitespaces)), (1...1000).contains(count) { after.maxConsecutiveFailures = count } else {
                issues.append(FieldIssue(field: "max_consecutive_failures", message: "must be a whole number from 1 to 1000"))
            }
        }
        guard issues.isEmpty else { throw DomainError.validation(issues) }
        return try StepUp.run(on: caller.connection, actor: admin, code: code, twoFactor: twoFactor, origin: caller.origin,
                              action: "settings.webhooks") { connection in
            let before = try load(on: connection)
            try connection.query(
                """
                UPDATE webhook_settings SET allow_private_targets = \(after.allowPrivateTargets),
                       max_consecutive_failures = \(after.maxConsecutiveFailures) WHERE id = 1
                """)
            let saved = try load(on: connection)
            try AuditLog.record(on: connection, actor: Actor(admin), action: "settings.webhooks", targetType: "settings", targetID: "webhooks",
                                before: before, after: saved, origin: caller.origin)
            return saved
        }
    }
}
