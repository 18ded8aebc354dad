import Foundation
import Postgres

/// Subscribing and unsubscribing (admins; staff read). The secret is made here, returned once
/// and stored sealed with the secret box; unsubscribing keeps the row (the delivery log points
/// at it) but nothing is sent to it again.
public struct WebhookSubscriptions: Sendable {
    public let box: SecretBox

    public init(box: SecretBox) { self.box = box }

    static let secretContext = "webhook_subscriptions.secret"

    /// Subscribes `url` to `events` (names from `WebhookEventType.all`, or `["*"]`); the answer carries the secret.
    public func create(url: String?, events: [String]?, by caller: Caller) throws -> WebhookSubscription {
        let admin = try caller.admin()
        var issues: [FieldIssue] = []
        let url = (url ?? "").trimmingCharacters(in: .whitespaces)
        if let problem = WebhookTarget.problem(url: url) { issues.append(FieldIssue(field: "url", message: problem)) }
        let events = Array(Set(events ?? [])).sorted()
        if events.isEmpty || events.count > 50 || !events.allSatisfy({ $0 == "*" || WebhookEventType.all.contains($0) }) {
            issues.append(FieldIssue(field: "events", message: "must list event types (\(WebhookEventType.all.joined(separator: ", "))) or \"*\""))
        }
        guard issues.isEmpty else { throw DomainError.validation(issues) }
        let secret = "whsec_" + (try SecureRandom.token(byteCount: 24))
        let sealed = PostgresBytes(try box.seal(secret, context: Self.secretContext))
        return try caller.connection.transaction { connection in
            let row = try connection.query(
                """
                INSERT INTO webhook_subscriptions (url, events, secret_sealed, created_by) VALUES (\(url), \(events)::text[], \(sealed), \(admin.id))
                RETURNING \(unescaped: WebhookSubscription.columns)
                """)[0]
            var made = try WebhookSubscription(row: row)
            try AuditLog.record(on: connection, actor: caller.actor, action: "webhook.subscribe", targetType: "webhook_subscription",
                                targetID: String(made.id), before: nil as [String: String]?, after: ["url": url, "events": events.joined(separator: ",")],
                                origin: caller.origin)
            made.secret = secret
            return made
        }
    }

    /// Live subscriptions, newest first (staff).
    public static func list(page: PageRequest, for caller: Caller) throws -> Page<WebhookSubscription> {
        _ = try caller.staff()
        var filter = SQLFilter("deleted_at IS NULL")
        filter.add("id < ?", page.afterID)
        let rows = try caller.connection.query(
            "SELECT \(unescaped: WebhookSubscription.columns) FROM webhook_subscriptions \(filter.whereClause) ORDER BY id DESC LIMIT \(page.limit + 1)")
        return page.page(try rows.map(WebhookSubscription.init(row:)), id: \.id)
    }

    /// Live subscription `id` (staff), or not found.
    public static func find(id: Int, for caller: Caller) throws -> WebhookSubscription {
        _ = try caller.staff()
        guard let row = try caller.connection.query(
            "SELECT \(unescaped: WebhookSubscription.columns) FROM webhook_subscriptions WHERE id = \(id) AND deleted_at IS NULL").firstRow else {
            throw DomainError.notFound("No such webhook subscription.")
        }
        return try WebhookSubscription(row: row)
    }

    /// Unsubscribes `id` (admins); its queued deliveries fail for good when their turn comes.
    public static func delete(id: Int, by caller: Caller) throws {
        _ = try caller.admin()
        try caller.connection.transaction { connection in
            let before = try find(id: id, for: caller)
            try connection.query("UPDATE webhook_subscriptions SET deleted_at = now(), enabled = false WHERE id = \(id)")
            try AuditLog.record(on: connection, actor: caller.actor, action: "webhook.unsubscribe", targetType: "webhook_subscription",
                                targetID: String(id), before: ["url": before.url], after: nil as [String: String]?, origin: caller.origin)
        }
    }

    /// The secret of subscription `id`, for signing at delivery.
    func secret(of id: Int, on connection: PostgresConnection) throws -> String? {
        guard let sealed = try connection.query("SELECT secret_sealed FROM webhook_subscriptions WHERE id = \(id)").firstRow?
            .decode(PostgresBytes.self, "secret_sealed") else { return nil }
        return try box.openText(sealed.bytes, context: Self.secretContext)
    }
}
