import Postgres

/// Queues an event's message, rendered from its template, in the caller's transaction: for one
/// user (an optional event they turned off queues nothing; events marked `sms` also go by SMS,
/// key `…:sms`, to a confirmed phone number) or once for staff (the staff mailbox); enabled
/// loadable channels subscribed to the event get a copy (key `…:to.<channel>`).
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
        let draft = OutboxDraft(eventKey: key, recipient: email, recipientName: name, customerID: customerID, subject: rendered.subject.output,
                                text: rendered.text.output, html: rendered.html.output, invoiceID: invoiceID)
        guard try Outbox.enqueue(draft, on: connection) else { return false }
        try LoadableChannels.enqueue(event: event, draft, on: connection)
        return true
    }

    /// Queues staff event `event` once, under `key`, to the staff mailbox: the notification
    /// settings' sender address (a hosting company's support or operations inbox). One message per
    /// event, not one per staff account: an order's transaction must not grow with the staff list.
    public static func staff(_ event: String, key: String, values: [String: String], on connection: PostgresConnection) throws {
        guard connection.inTransaction else { return try connection.transaction { try staff(event, key: key, values: values, on: $0) } }
        let settings = try NotificationSettings.load(on: connection)
        guard NotificationCatalog.event(event) != nil, !settings.fromAddress.isEmpty else { return }
        let all = values.merging(["name": "team", "portal_url": settings.portalURL]) { own, _ in own }
        let rendered = try NotificationTemplates.find(event: event, channel: EmailChannel.name, on: connection).render(all)
        let draft = OutboxDraft(eventKey: key, recipient: settings.fromAddress, recipientName: settings.fromName,
                                subject: rendered.subject.output, text: rendered.text.output, html: rendered.html.output)
        if try Outbox.enqueue(draft, on: connection) { try LoadableChannels.enqueue(event: event, draft, on: connection) }
    }
}
