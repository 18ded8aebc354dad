import Postgres

/// The stored templates: staff's wording per event and channel over the shipped defaults; saved,
/// previewed with sample data and reset by admins (audited). Saving refuses anything but plain
/// variables, so what is stored is never evaluated.
public enum NotificationTemplates {
    /// The channels a template exists for.
    public static let channels = ["email", "sms"]
    /// The most one part may be.
    public static let sourceLimit = 20_000

    /// Every event on every channel, in catalog order.
    public static func list(on connection: PostgresConnection) throws -> [NotificationTemplate] {
        var stored: [String: NotificationTemplate] = [:]
        for row in try connection.query("SELECT event, channel, subject, body_text, body_html FROM notification_templates") {
            let event = try row.decode(String.self, "event"), channel = try row.decode(String.self, "channel")
            stored[event + "/" + channel] = NotificationTemplate(
                event: event, channel: channel, subject: try row.decode(String.self, "subject"), text: try row.decode(String.self, "body_text"),
                html: try row.decode(String.self, "body_html"), customized: true, variables: NotificationCatalog.event(event)?.variables ?? [])
        }
        return NotificationCatalog.events.flatMap { event in
            channels.map { stored[event.key + "/" + $0] ?? .shipped(event, channel: $0) }
        }
    }

    /// The template in use for `event` on `channel`.
    public static func find(event: String, channel: String, on connection: PostgresConnection) throws -> NotificationTemplate {
        guard NotificationCatalog.event(event) != nil, channels.contains(channel) else { throw DomainError.notFound("no such notification template") }
        return try list(on: connection).first { $0.event == event && $0.channel == channel }!
    }

    /// Admins: stores `input` (`subject`, `text`, `html`; absent ones keep the template in use).
    public static func save(event: String, channel: String, _ input: [String: String], by caller: Caller) throws -> NotificationTemplate {
        let admin = try caller.admin()
        return try caller.connection.transaction { connection in
            let before = try find(event: event, channel: channel, on: connection)
            var after = before
            after.subject = input["subject"] ?? before.subject
            after.text = input["text"] ?? before.text
            after.html = input["html"] ?? before.html
            var issues: [FieldIssue] = []
            for (field, source) in [("subject", after.subject), ("text", after.text), ("html", after.html)] {
                let refused = MessageTemplate(source).refusedTags
                if source.utf8.count > sourceLimit || (field == "subject" && source.utf8.count > 500) {
                    issues.append(FieldIssue(field: field, message: "is too long (at most \(field == "subject" ? 500 : sourceLimit) bytes)"))
                } else if let first = refused.first {
                    issues.append(FieldIssue(field: field, message: "may only use variables like {{name}}; \(first) is not allowed"))
                }
            }
            if channel == "email" && after.text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                issues.append(FieldIssue(field: "text", message: "an email needs a text part"))
            }
            guard issues.isEmpty else { throw DomainError.validation(issues) }
            try connection.query(
                """
                INSERT INTO notification_templates (event, channel, subject, body_text, body_html, updated_by)
                VALUES (\(event), \(channel), \(after.subject), \(after.text), \(after.html), \(admin.id))
                ON CONFLICT (event, channel) DO UPDATE SET subject = EXCLUDED.subject, body_text = EXCLUDED.body_text,
                    body_html = EXCLUDED.body_html, updated_by = EXCLUDED.updated_by, updated_at = now()
                """)
            after.customized = true
            try AuditLog.record(on: connection, actor: Actor(admin), action: "notification_template.updated", targetType: "notification_template",
                                targetID: event + "/" + channel, before: before, after: after, origin: caller.origin)
            return after
        }
    }

    /// Admins: back to the shipped wording.
    public static func reset(event: String, channel: String, by caller: Caller) throws -> NotificationTemplate {
        let admin = try caller.admin()
        return try caller.connection.transaction { connection in
            let before = try find(event: event, channel: channel, on: connection)
            try connection.query("DELETE FROM notification_templates WHERE event = \(event) AND channel = \(channel)")
            let after = try find(event: event, channel: channel, on: connection)
            try AuditLog.record(on: connection, actor: Actor(admin), action: "notification_template.reset", targetType: "notification_template",
                                targetID: event + "/" + channel, before: before, after: after, origin: caller.origin)
            return after
        }
    }

    /// Admins: the template in use, with the given parts replaced, rendered with the event's sample data.
    public static func preview(event: String, channel: String, _ input: [String: String], for caller: Caller) throws -> RenderedNotification {
        _ = try caller.admin()
        var template = try find(event: event, channel: channel, on: caller.connection)
        template.subject = String((input["subject"] ?? template.subject).prefix(sourceLimit))
        template.text = String((input["text"] ?? template.text).prefix(sourceLimit))
        template.html = String((input["html"] ?? template.html).prefix(sourceLimit))
        return template.render(NotificationCatalog.event(event)!.samples)
    }
}
