@testable import Domain
import Foundation
import Postgres
import Testing
import TestSupport

/// Loadable notification channels: `modules/channels/examplelog` installed disabled, subscribed to
/// staff events, fed by `Notify`, delivered by the outbox over the module protocol; its answers
/// become sent, retried or dead.
@Suite("Loadable notification channels (ChannelDirectory, LoadableChannels, ExternalChannel)")
struct LoadableChannelTests {
    let place: Scratch

    init() throws {
        place = try Scratch()
        try FileManager.default.createDirectory(at: place.url("channels"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: TestEnvironment.repositoryRoot + "/modules/channels/examplelog", toPath: place.url("channels/examplelog").path)
    }

    /// A migrated scratch database, the test key's box, and the channels folder of this test.
    private func world(_ url: String) throws -> (PostgresConnection, SecretBox, ChannelDirectory) {
        let connection = try PostgresConnection(connectionString: url)
        _ = try Migrator(connection: connection).migrate(try Migration.load(from: TestEnvironment.repositoryRoot + "/db/migrations"))
        let box = try SecretBox(key: try TestEnvironment.secretKey())
        return (connection, box, ChannelDirectory(modules: ModuleDirectory(path: place.root.path), box: box))
    }

    private func status(_ key: String, on connection: PostgresConnection) throws -> (String, String, String) {
        let row = try connection.query("SELECT status, provider_message_id, last_error FROM outbox_messages WHERE event_key = \(key)")[0]
        return (try row.decode(String.self, "status"), try row.decode(String.self, "provider_message_id"), try row.decode(String.self, "last_error"))
    }

    private func configure(_ settings: [String: JSONValue], box: SecretBox, on connection: PostgresConnection) throws {
        let sealed = PostgresBytes(try box.seal(JSONText.text(JSONValue.object(settings)), context: LoadableChannel.settingsContext))
        try connection.query("UPDATE notification_channels SET settings_sealed = \(sealed) WHERE name = 'examplelog'")
    }

    @Test("installed disabled; once enabled for staff.*, a staff notice also goes to the channel, which appends it to its file")
    func deliversSubscribedEvents() throws {
        try TestEnvironment.withScratchDatabase { url in
            let (connection, box, directory) = try world(url)
            #expect(throws: DomainError.self) { try LoadableChannels.install("email", from: directory, on: connection) }
            #expect(throws: DomainError.self) { try LoadableChannels.install("missing", from: directory, on: connection) }
            let (installed, created) = try LoadableChannels.install("examplelog", from: directory, on: connection)
            #expect(created && !installed.enabled && installed.events.isEmpty && !installed.settingsSet)
            #expect(try !LoadableChannels.install("examplelog", from: directory, on: connection).created)

            try Notify.staff("staff.order.new", key: "staff.order.new:1", values: ["order_id": "1", "customer": "Ada"], on: connection)
            #expect(try connection.query("SELECT count(*) AS n FROM outbox_messages")[0].decode(Int.self, "n") == 1, "disabled: email only")

            let log = place.url("delivered.jsonl").path
            try configure(["path": .string(log)], box: box, on: connection)
            try connection.query("UPDATE notification_channels SET enabled = true, events = ARRAY['staff.*']")
            try Notify.staff("staff.order.new", key: "staff.order.new:2", values: ["order_id": "2", "customer": "Ada"], on: connection)
            try Notify.staff("staff.order.new", key: "staff.order.new:2", values: ["order_id": "2", "customer": "Ada"], on: connection)
            let keys = try connection.query("SELECT channel || ' ' || event_key AS k FROM outbox_messages ORDER BY id").map { try $0.decode(String.self, "k") }
            #expect(keys == ["email staff.order.new:1", "email staff.order.new:2", "examplelog staff.order.new:2:to.examplelog"])

            try connection.query("DELETE FROM outbox_messages WHERE channel = 'email'")
            #expect(try Outbox.runNext(channels: [], loadable: directory, runnerKey: 1, on: connection))
            let (state, providerID, _) = try status("staff.order.new:2:to.examplelog", on: connection)
            #expect(state == "sent" && providerID.hasPrefix("examplelog-"))
            let line = try String(contentsOfFile: log, encoding: .utf8)
            #expect(line.contains("\"event_key\": \"staff.order.new:2:to.examplelog\"") && line.contains("New order 2 from Ada"))
            #expect(try !Outbox.runNext(channels: [], loadable: directory, runnerKey: 1, on: connection), "delivered once")
        }
    }

    @Test("a temporary failure is retried with backoff, a permanent one is dead at once, a disabled channel's message is dead")
    func failures() throws {
        try TestEnvironment.withScratchDatabase { url in
            let (connection, box, directory) = try world(url)
            _ = try LoadableChannels.install("examplelog", from: directory, on: connection)
            try connection.query("UPDATE notification_channels SET enabled = true, events = ARRAY['*']")
            func queue(_ key: String) throws {
                try connection.transaction {
                    try Outbox.enqueue(OutboxDraft(channel: "examplelog", eventKey: key, recipient: "ops", subject: "s", text: "t"), on: $0)
                }
            }
            try configure(["fail": .string("temporary")], box: box, on: connection)
            try queue("t:1")
            #expect(try Outbox.runNext(channels: [], loadable: directory, runnerKey: 1, on: connection))
            var (state, _, error) = try status("t:1", on: connection)
            #expect(state == "failed" && error.contains("told to fail (temporary)"))

            try configure(["fail": .string("permanent")], box: box, on: connection)
            try queue("t:2")
            #expect(try Outbox.runNext(channels: [], loadable: directory, runnerKey: 1, on: connection))
            (state, _, error) = try status("t:2", on: connection)
            #expect(state == "dead" && error.contains("told to fail (permanent)"))

            try connection.query("UPDATE notification_channels SET enabled = false")
            try queue("t:3")
            #expect(try Outbox.runNext(channels: [], loadable: directory, runnerKey: 1, on: connection))
            (state, _, error) = try status("t:3", on: connection)
            #expect(state == "dead" && error.contains("not enabled"))
        }
    }

    @Test("event patterns: keys, dotted prefixes and * select an event; unknown keys are refused")
    func patterns() {
        #expect(LoadableChannel.patterns(matching: "staff.order.new") == ["staff.order.new", "*", "staff.*", "staff.order.*"])
        #expect(LoadableChannel.isValidPattern("staff.*") && LoadableChannel.isValidPattern("*") && LoadableChannel.isValidPattern("invoice.issued"))
        #expect(!LoadableChannel.isValidPattern("nothing.*") && !LoadableChannel.isValidPattern("invoice.nope"))
    }
}
