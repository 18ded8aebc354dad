import Foundation
import Postgres

/// Admins configure a loadable channel (2FA, audited): enable or disable it, the events it
/// receives, and its settings — one JSON object sealed whole (it holds tokens and webhook URLs),
/// replaced whole when given and never shown back.
public enum LoadableChannelSettings {
    /// Checks `enabled` / `events` / `settings` (each optional) and saves them under step-up `code`.
    public static func update(_ name: String, enabled: Bool?, events: [String]?, settings: [String: JSONValue]?, box: SecretBox,
                              twoFactor: TwoFactor, by caller: Caller, code: String?) throws -> LoadableChannel {
        let admin = try caller.admin()
        guard try LoadableChannels.find(name, on: caller.connection) != nil else {
            throw DomainError.notFound("No channel \(name) is installed (vpsctl notifications install \(name)).")
        }
        var issues: [FieldIssue] = []
        if let events, events.count > 100 || !events.allSatisfy(LoadableChannel.isValidPattern) {
            issues.append(FieldIssue(field: "events", message: "must be notification event keys, prefixes like staff.*, or *"))
        }
        var sealed: PostgresBytes?
        if let settings {
            let text = JSONText.text(JSONValue.object(settings))
            if text.utf8.count > 16_384 { issues.append(FieldIssue(field: "settings", message: "must be at most 16 KB of JSON")) } else {
                sealed = PostgresBytes(try box.seal(text, context: LoadableChannel.settingsContext))
            }
        }
        guard issues.isEmpty else { throw DomainError.validation(issues) }
        let eventList = events.map { JSONText(.array($0.map(JSONValue.string))) }
        return try StepUp.run(on: caller.connection, actor: admin, code: code, twoFactor: twoFactor, origin: caller.origin,
                              action: "settings.notification_channel") { connection in
            let before = try LoadableChannels.find(name, on: connection)
            try connection.query(
                """
                UPDATE notification_channels SET enabled = coalesce(\(enabled), enabled),
                       events = CASE WHEN \(events != nil) THEN ARRAY(SELECT jsonb_array_elements_text(\(eventList)::jsonb)) ELSE events END,
                       settings_sealed = CASE WHEN \(settings != nil) THEN \(sealed) ELSE settings_sealed END, updated_at = now()
                WHERE name = \(name)
                """)
            let saved = try LoadableChannels.find(name, on: connection)!
            try AuditLog.record(on: connection, actor: Actor(admin), action: "settings.notification_channel", targetType: "notification_channel",
                                targetID: name, before: before, after: saved, origin: caller.origin)
            return saved
        }
    }

    /// The settings object sealed in `sealed` (`{}` when none).
    static func open(_ sealed: PostgresBytes?, box: SecretBox) throws -> [String: JSONValue] {
        guard let sealed, case .object(let object)? = JSONValue.parse(try box.openText(sealed.bytes, context: LoadableChannel.settingsContext))
        else { return [:] }
        return object
    }
}
