import Foundation
import Postgres

/// A registered loadable channel as admins see it: its settings only as "set or not".
public struct LoadableChannel: Sendable, Equatable, Encodable {
    public var name: String
    public var enabled: Bool
    /// Notification events it receives: keys (`staff.order.new`), prefixes (`staff.*`) or `*`.
    public var events: [String]
    public var settingsSet: Bool
    /// Whether its executable is in `VPS_MODULES_DIR/channels` now (filled in by the caller).
    public var installed: Bool = false

    enum CodingKeys: String, CodingKey { case name, enabled, events, installed, settingsSet = "settings_set" }

    static let columns = "name, enabled, array_to_json(events)::text AS events, settings_sealed IS NOT NULL AS settings_set"
    static let settingsContext = "notification_channels.settings"

    init(row: PostgresRow) throws {
        name = try row.decode(String.self, "name")
        enabled = try row.decode(Bool.self, "enabled")
        events = (try? JSONDecoder().decode([String].self, from: Data(try row.decode(String.self, "events").utf8))) ?? []
        settingsSet = try row.decode(Bool.self, "settings_set")
    }

    /// Whether an event pattern is a catalog key, a dotted prefix ending in `.*`, or `*`.
    static func isValidPattern(_ pattern: String) -> Bool {
        if pattern == "*" { return true }
        if pattern.hasSuffix(".*") { return NotificationCatalog.events.contains { $0.key.hasPrefix(pattern.dropLast()) } }
        return NotificationCatalog.event(pattern) != nil
    }

    /// The patterns that select `event`: itself, each dotted prefix with `.*`, and `*`.
    static func patterns(matching event: String) -> [String] {
        let parts = event.split(separator: ".")
        return [event, "*"] + (1..<max(1, parts.count)).map { parts.prefix($0).joined(separator: ".") + ".*" }
    }
}
