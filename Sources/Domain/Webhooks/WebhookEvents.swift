import Foundation
import Postgres

/// Emits a webhook event inside the transaction of the change it reports: one outbox message
/// (channel `webhook`, key `webhook:<subscription>:<event id>`) per live subscription that wants
/// it, so a retried or concurrent change cannot deliver one event twice to one subscription.
/// Body: `{"id": event id, "type", "created": unix seconds, "data": {…}}`.
public enum WebhookEvents {
    /// Queues event `type` with id `<type>:<key>` (e.g. `order.created:42`) carrying `data`.
    public static func emit(_ type: String, key: String, data: [String: (any Sendable)?], on connection: PostgresConnection) throws {
        precondition(connection.inTransaction, "emit webhook events inside the transaction of the change")
        let subscribers = try connection.query(
            """
            SELECT id, url FROM webhook_subscriptions
            WHERE deleted_at IS NULL AND enabled AND (events @> ARRAY['*'] OR events @> ARRAY[\(type)]::text[])
            """)
        guard !subscribers.isEmpty else { return }
        let eventID = "\(type):\(key)"
        let body = try self.body(id: eventID, type: type, data: data)
        for row in subscribers {
            try enqueue(subscription: try row.decode(Int.self, "id"), url: try row.decode(String.self, "url"), eventID: eventID, type: type,
                        body: body, suffix: "", on: connection)
        }
    }

    /// The JSON body of one event (keys sorted, so every copy is byte-identical).
    static func body(id: String, type: String, data: [String: (any Sendable)?]) throws -> String {
        let values: [String: Any] = data.mapValues { $0.map { $0 as Any } ?? NSNull() }
        let object: [String: Any] = ["id": id, "type": type, "created": Int(Date().timeIntervalSince1970), "data": values]
        return String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self)
    }

    /// The outbox message of one delivery: the URL as recipient (for the outbox page), the event
    /// id as recipient name (the `X-VPS-Event-Id` header), the type as subject.
    @discardableResult
    static func enqueue(subscription: Int, url: String, eventID: String, type: String, body: String, suffix: String,
                        on connection: PostgresConnection) throws -> Bool {
        try Outbox.enqueue(OutboxDraft(channel: WebhookChannel.name, eventKey: "webhook:\(subscription):\(eventID)\(suffix)", recipient: url,
                                       recipientName: eventID, subject: type, text: body), on: connection)
    }
}
