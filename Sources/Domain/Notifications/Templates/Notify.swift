import Postgres

/// Queues an event's message, rendered from its template, in the caller's transaction: for one
/// user (an optional event they turned off queues nothing; events marked `sms` also go by SMS,
/// key `…:sms`, to a confirmed phone number) or for every active staff member.
/// The event key makes it once per event (`invoice.issued:812`).
public enum Notify {
    /// Queues `event` for user `customerID` by email under `key`; false when nothing was queued
    /// (turned off, no such user, or already queued).
    @discardableResult
    public static func user(_ event: String, key: String, customerID: Int, values: [String: String], invoiceID: Int? = nil,
                                on connection: PostgresConnection) throws -> Bool {
        // Callers queue inside their change's transaction; a caller outside one still gets a single atomic write.
        guard connection.inTransaction else {
            return try connection.transaction { try user(event, key: key, customerID: customerID, values: values, invoiceID: invoiceID, on: $0) }
        }
        guard let definition = NotificationCatalog.event(event),
              let row = try connection.query("SELECT email, name, sms_phone FROM users WHERE id = \(customerID)").firstRow,
              try NotificationPreferences.wants(definition, customerID: customerID, on: connection) else { return false }
        let email = try row.decode(String.self, "email"), name = try row.decode(String.self, "name")
        let portal = try NotificationSettings.load(on: connection).portalURL
        let all = values.merging(["name": name.isEmpty ? "there" : name, "portal_url": portal]) { own, _ in own }
        let rendered = try NotificationTemplates.find(event: event, channel: EmailChannel.name, on: connection).render(all)
        if definition.sms, let phone = try row.decode(String?.self, "sms_phone") {
            let text = try NotificationTemplates.find(event: event, channel: SMSChannel.name, on: connection).render(all).text.output
            try Outbox.enqueue(OutboxDraft(channel: SMSChannel.name, eventKey: key + ":sms", recipient: phone, customerID: customerID,
                                           subject: "", text: text), on: connection)
        }
        return try Outbox.enqueue(OutboxDraft(eventKey: key, recipient: email, recipientName: name, customerID: customerID,
                                              subject: rendered.subject.output, text: rendered.text.output, html: rendered.html.output,
                                              invoiceID: invoiceID), on: connection)
    }

    /// Queues staff event `event` for each active staff member and admin, under `key:<user id>`.
    public static func staff(_ event: String, key: String, values: [String: String], on connection: PostgresConnection) throws {
        for row in try connection.query("SELECT id FROM users WHERE role IN ('staff', 'admin') AND is_active ORDER BY id") {
            let id = try row.decode(Int.self, "id")
            try user(event, key: "\(key):\(id)", customerID: id, values: values, on: connection)
        }
    }
}
