import Foundation
import Postgres

/// The `notification_channels` rows: registering a channel (`vpsctl notifications install`,
/// disabled), listing them, and routing: `Notify` queues a copy of every event an enabled channel
/// subscribes to, under the event's key plus `:to.<channel>` — once per event and channel.
public enum LoadableChannels {
    /// Every registered channel, by name; `installed` says whether its executable is there now.
    public static func list(directory: ChannelDirectory, on connection: PostgresConnection) throws -> [LoadableChannel] {
        try connection.query("SELECT \(unescaped: LoadableChannel.columns) FROM notification_channels ORDER BY name").map {
            var channel = try LoadableChannel(row: $0)
            channel.installed = directory.channel(named: channel.name) != nil
            return channel
        }
    }

    /// Channel `name`, or nil.
    public static func find(_ name: String, on connection: PostgresConnection) throws -> LoadableChannel? {
        try connection.query("SELECT \(unescaped: LoadableChannel.columns) FROM notification_channels WHERE name = \(name)").firstRow
            .map(LoadableChannel.init(row:))
    }

    /// Registers the executable `name` found in `directory`, disabled, subscribed to nothing;
    /// installing twice changes nothing. Returns the channel and whether it is new.
    public static func install(_ name: String, from directory: ChannelDirectory,
                               on connection: PostgresConnection) throws -> (channel: LoadableChannel, created: Bool) {
        guard ChannelDirectory.isValidName(name) else {
            throw DomainError.invalid("name", "must match ^[a-z][a-z0-9_]{1,30}$ and not be email, sms or webhook")
        }
        guard directory.channel(named: name) != nil else {
            throw DomainError.invalid("name", "no executable \(directory.path ?? "VPS_MODULES_DIR/channels")/\(name)")
        }
        return try connection.transaction { connection in
            let created = try connection.query(
                "INSERT INTO notification_channels (name) VALUES (\(name)) ON CONFLICT (name) DO NOTHING RETURNING name").count == 1
            let channel = try find(name, on: connection)!
            if created {
                try AuditLog.record(on: connection, actor: .system, action: "notification_channel.installed", targetType: "notification_channel",
                                    targetID: name, after: channel, origin: .commandLine)
            }
            return (channel, created)
        }
    }

    /// Queues `draft` (event `event`'s email, already rendered) for every enabled channel that
    /// subscribes to the event, in the caller's transaction. One query on a table of a few rows.
    static func enqueue(event: String, _ draft: OutboxDraft, on connection: PostgresConnection) throws {
        let patterns = JSONText(.array(LoadableChannel.patterns(matching: event).map(JSONValue.string)))
        let names = try connection.query(
            """
            SELECT name FROM notification_channels
            WHERE enabled AND events && ARRAY(SELECT jsonb_array_elements_text(\(patterns)::jsonb))
            """).map { try $0.decode(String.self, "name") }
        for name in names {
            var copy = draft
            copy.channel = name
            copy.eventKey = draft.eventKey + ":to." + name
            try Outbox.enqueue(copy, on: connection)
        }
    }
}
