@testable import Domain
import Foundation
import Postgres
import TestSupport

/// A scratch database with an admin, the webhook channel and a receiver on loopback
/// (`Tests/support/webhook_receiver.py`, which checks each delivery's signature).
struct WebhookWorld {
    let connection: PostgresConnection
    let admin: Caller
    let channel: WebhookChannel
    let receiver: LoopbackChild

    init(url: String, allowPrivate: Bool = true) throws {
        connection = try PostgresConnection(connectionString: url)
        _ = try Migrator(connection: connection).migrate(try Migration.load(from: TestEnvironment.repositoryRoot + "/db/migrations"))
        try connection.query("UPDATE webhook_settings SET allow_private_targets = \(allowPrivate)")
        admin = Caller(user: try Fixtures.enrolledStaff(on: connection, role: .admin).user, origin: .commandLine, connection: connection)
        try connection.query("DELETE FROM outbox_messages")  // the admin's "2FA turned on" email: these tests count webhook deliveries
        channel = WebhookChannel(box: try Fixtures.box(), timeoutSeconds: 5)
        receiver = try LoopbackChild(script: "webhook_receiver.py")
    }

    /// Subscribes the receiver to `events` and tells it the secret.
    func subscribe(_ events: [String], path: String = "/hook") throws -> WebhookSubscription {
        let made = try WebhookSubscriptions(box: channel.subscriptions.box).create(url: receiver.baseURL + path, events: events, by: admin)
        try receiver.post("/_recv/secret", body: "{\"secret\": \"\(made.secret ?? "")\"}")
        return made
    }

    func emit(_ type: String, key: String) throws {
        try connection.transaction { try WebhookEvents.emit(type, key: key, data: ["id": Int(key) ?? 0], on: $0) }
    }

    /// Runs the outbox until nothing is ready; how many messages it took.
    @discardableResult
    func drain() throws -> Int {
        var taken = 0
        while try Outbox.runNext(channels: [channel], runnerKey: 1, on: connection) { taken += 1 }
        return taken
    }

    func deliveries() throws -> [[String: Any]] {
        try receiver.get("/_recv/state")["deliveries"] as? [[String: Any]] ?? []
    }

    func mode(_ mode: String) throws { try receiver.post("/_recv/mode", body: "{\"mode\": \"\(mode)\"}") }

    /// Makes every waiting message due now (instead of sleeping through the backoff).
    func due() throws { try connection.query("UPDATE outbox_messages SET run_after = now()") }
}
