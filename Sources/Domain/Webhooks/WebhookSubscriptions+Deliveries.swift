import Foundation
import Postgres

/// What staff do with deliveries: read the log, send a test ping, redeliver an event (a new
/// delivery carrying the same event id), enable a disabled subscription again.
extension WebhookSubscriptions {
    /// Subscription `id`'s delivery attempts, newest first (staff).
    public static func deliveries(of id: Int, page: PageRequest, for caller: Caller) throws -> Page<WebhookDeliveryLog> {
        _ = try find(id: id, for: caller)
        var filter = SQLFilter()
        filter.add("subscription_id = ?", id)
        filter.add("id < ?", page.afterID)
        let rows = try caller.connection.query(
            "SELECT \(unescaped: WebhookDeliveryLog.columns) FROM webhook_deliveries \(filter.whereClause) ORDER BY id DESC LIMIT \(page.limit + 1)")
        return page.page(try rows.map(WebhookDeliveryLog.init(row:)), id: \.id)
    }

    /// Queues a `webhook.ping` to subscription `id` (admins); returns its event id.
    public static func ping(id: Int, by caller: Caller) throws -> String {
        _ = try caller.admin()
        let subscription = try find(id: id, for: caller)
        let eventID = "\(WebhookEventType.ping):" + (try SecureRandom.bytes(8).hexString)
        let body = try WebhookEvents.body(id: eventID, type: WebhookEventType.ping, data: ["subscription_id": id])
        try caller.connection.transaction { connection in
            try WebhookEvents.enqueue(subscription: id, url: subscription.url, eventID: eventID, type: WebhookEventType.ping, body: body,
                                      suffix: "", on: connection)
            try AuditLog.record(on: connection, actor: caller.actor, action: "webhook.ping", targetType: "webhook_subscription",
                                targetID: String(id), after: ["event_id": eventID], origin: caller.origin)
        }
        return eventID
    }

    /// Queues event `eventID` to subscription `id` once more (admins): a new outbox message with
    /// the first delivery's body (so the same event id) — for a receiver that lost it or was down
    /// until its delivery went dead. 404 when the event never went to this subscription.
    public static func redeliver(id: Int, eventID: String, by caller: Caller) throws -> String {
        _ = try caller.admin()
        let subscription = try find(id: id, for: caller)
        guard subscription.enabled else { throw DomainError.conflict("The subscription is disabled; enable it first.") }
        return try caller.connection.transaction { connection in
            let key = "webhook:\(id):\(eventID)"
            guard let first = try connection.query(
                "SELECT subject, body_text FROM outbox_messages WHERE event_key = \(key) FOR UPDATE").firstRow else {
                throw DomainError.notFound("This event was never delivered to this subscription.")
            }
            let count = try connection.query(
                "SELECT count(*)::bigint AS n FROM outbox_messages WHERE event_key LIKE \(key + ":redeliver:%")")[0].decode(Int.self, "n")
            try WebhookEvents.enqueue(subscription: id, url: subscription.url, eventID: eventID, type: try first.decode(String.self, "subject"),
                                      body: try first.decode(String.self, "body_text"), suffix: ":redeliver:\(count + 1)", on: connection)
            try AuditLog.record(on: connection, actor: caller.actor, action: "webhook.redeliver", targetType: "webhook_subscription",
                                targetID: String(id), after: ["event_id": eventID], origin: caller.origin)
            return eventID
        }
    }

    /// Enables subscription `id` again with its failure count reset (admins).
    public static func enable(id: Int, by caller: Caller) throws -> WebhookSubscription {
        _ = try caller.admin()
        _ = try find(id: id, for: caller)
        try caller.connection.transaction { connection in
            try connection.query(
                "UPDATE webhook_subscriptions SET enabled = true, consecutive_failures = 0, disabled_reason = '' WHERE id = \(id)")
            try AuditLog.record(on: connection, actor: caller.actor, action: "webhook.enable", targetType: "webhook_subscription",
                                targetID: String(id), origin: caller.origin)
        }
        return try find(id: id, for: caller)
    }
}
