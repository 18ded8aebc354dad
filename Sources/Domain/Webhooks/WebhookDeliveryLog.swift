import Foundation
import Postgres

/// One delivery attempt as it went: the request (headers and body), the answer's status and at
/// most 2 KB of its body, or the error, and how long it took. Recording it also keeps the
/// subscription's count of consecutive failures: a success resets it; reaching the settings'
/// limit disables the subscription and emails every admin (an outbox message, in that transaction).
public struct WebhookDeliveryLog: Sendable, Equatable, Encodable {
    public var id = 0
    public var subscriptionID: Int
    public var messageID: Int?
    public var eventID: String
    public var type: String
    public var attempt: Int
    public var headers = ""
    public var body: String
    public var status: Int?
    public var responseBody = ""
    public var error = ""
    public var durationMS = 0
    public var createdAt = Date()

    enum CodingKeys: String, CodingKey {
        case id, subscriptionID = "subscription_id", messageID = "outbox_message_id", eventID = "event_id", type = "event_type", attempt
        case headers = "request_headers", body = "request_body", status = "response_status", responseBody = "response_body", error
        case durationMS = "duration_ms", createdAt = "created_at"
    }

    /// Every field, absent values as null.
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id); try c.encode(subscriptionID, forKey: .subscriptionID); try c.encode(messageID, forKey: .messageID)
        try c.encode(eventID, forKey: .eventID); try c.encode(type, forKey: .type); try c.encode(attempt, forKey: .attempt)
        try c.encode(headers, forKey: .headers); try c.encode(body, forKey: .body); try c.encode(status, forKey: .status)
        try c.encode(responseBody, forKey: .responseBody); try c.encode(error, forKey: .error); try c.encode(durationMS, forKey: .durationMS)
        try c.encode(createdAt, forKey: .createdAt)
    }

    init(subscriptionID: Int, messageID: Int?, eventID: String, type: String, attempt: Int, body: String) {
        self.subscriptionID = subscriptionID
        self.messageID = messageID
        self.eventID = eventID
        self.type = type
        self.attempt = attempt
        self.body = body
    }

    mutating func finish(status: Int?, body: [UInt8], error: String, after elapsed: Duration) {
        self.status = status
        responseBody = String(String(decoding: body.prefix(2048), as: UTF8.self).prefix(2048))
        while responseBody.utf8.count > 2048 { responseBody.removeLast() }
        self.error = String(error.prefix(1000))
        durationMS = Int(elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000)
    }

    /// Writes the attempt and updates the subscription's failure count (disabling it at the limit).
    func record(succeeded: Bool, settings: WebhookSettings, on connection: PostgresConnection) throws {
        try connection.transaction { connection in
            try connection.query(
                """
                INSERT INTO webhook_deliveries (subscription_id, outbox_message_id, event_id, event_type, attempt, request_headers, request_body,
                                                response_status, response_body, error, duration_ms)
                VALUES (\(subscriptionID), \(messageID), \(eventID), \(type), \(attempt), \(headers), \(body), \(status), \(responseBody), \(error), \(durationMS))
                """)
            if succeeded {
                try connection.query("UPDATE webhook_subscriptions SET consecutive_failures = 0 WHERE id = \(subscriptionID)")
                return
            }
            let reason = "disabled after \(settings.maxConsecutiveFailures) consecutive failed deliveries"
            guard let row = try connection.query(
                """
                UPDATE webhook_subscriptions SET consecutive_failures = consecutive_failures + 1,
                       enabled = enabled AND consecutive_failures + 1 < \(settings.maxConsecutiveFailures),
                       disabled_reason = CASE WHEN enabled AND consecutive_failures + 1 >= \(settings.maxConsecutiveFailures)
                                              THEN \(reason) ELSE disabled_reason END
                WHERE id = \(subscriptionID) AND deleted_at IS NULL
                RETURNING url, enabled, consecutive_failures
                """).firstRow, try !row.decode(Bool.self, "enabled"),
                  try row.decode(Int.self, "consecutive_failures") == settings.maxConsecutiveFailures else { return }
            try noticeAdmins(url: try row.decode(String.self, "url"), reason: reason, on: connection)
        }
    }

    /// The staff notice: one email per admin, keyed by the moment, so a later disabling notifies again.
    private func noticeAdmins(url: String, reason: String, on connection: PostgresConnection) throws {
        let stamp = Int(Date().timeIntervalSince1970)
        let link = try NotificationSettings.load(on: connection).portalURL + "/api/v1/webhooks/\(subscriptionID)"
        for admin in try connection.query("SELECT id, email, name FROM users WHERE role = 'admin' AND is_active") {
            let text = "The webhook subscription \(subscriptionID) to \(url) was \(reason).\nLast error: \(error.isEmpty ? "HTTP \(status ?? 0)" : error)\n"
                + "Nothing is sent to it until it is enabled again: \(link)\n"
            try Outbox.enqueue(OutboxDraft(eventKey: "webhook.disabled:\(subscriptionID):\(try admin.decode(Int.self, "id")):\(stamp)",
                                           recipient: try admin.decode(String.self, "email"), recipientName: try admin.decode(String.self, "name"),
                                           subject: "Webhook \(subscriptionID) disabled", text: text), on: connection)
        }
    }

    static let columns = """
        id, subscription_id, outbox_message_id, event_id, event_type, attempt, request_headers, request_body, response_status,
        response_body, error, duration_ms, created_at
        """

    init(row: PostgresRow) throws {
        id = try row.decode(Int.self, "id")
        subscriptionID = try row.decode(Int.self, "subscription_id")
        messageID = try row.decode(Int?.self, "outbox_message_id")
        eventID = try row.decode(String.self, "event_id")
        type = try row.decode(String.self, "event_type")
        attempt = try row.decode(Int.self, "attempt")
        headers = try row.decode(String.self, "request_headers")
        body = try row.decode(String.self, "request_body")
        status = try row.decode(Int?.self, "response_status")
        responseBody = try row.decode(String.self, "response_body")
        error = try row.decode(String.self, "error")
        durationMS = try row.decode(Int.self, "duration_ms")
        createdAt = try row.decode(Date.self, "created_at")
    }
}
