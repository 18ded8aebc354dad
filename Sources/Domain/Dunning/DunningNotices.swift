import Foundation
import Postgres

/// The dunning emails, each written to the outbox with its step in `dunning_steps` (same key), in
/// the transaction of the step: a rerun or a concurrent run finds the key taken and sends nothing.
enum DunningNotices {
    /// Takes step `key` on `day` and queues its email; false when the step was already taken.
    static func send(key: String, invoiceID: Int, serviceID: Int? = nil, day: CalendarDay, subject: (String) -> String,
                     body: (String) -> String, on connection: PostgresConnection) throws -> Bool {
        guard try take(key: key, invoiceID: invoiceID, serviceID: serviceID, day: day, on: connection) else { return false }
        guard let invoice = try Invoices.find(id: invoiceID, on: connection),
              let customer = try connection.query("SELECT email, name FROM users WHERE id = \(invoice.customerID)").firstRow else { return true }
        let name = try customer.decode(String.self, "name")
        let number = invoice.number ?? String(invoice.id)
        let link = try NotificationSettings.load(on: connection).portalURL + "/my/invoices/\(invoice.id)"
        var text = "Hello \(name.isEmpty ? "there" : name),\n\n" + body(number)
        text += "\n\nAmount due: \(invoice.amountDue) \(invoice.currency)" + (invoice.dueDate.map { ", due on \($0)." } ?? ".")
        text += "\nSee and pay it here: \(link)\n(If you have paid in the meantime, thank you — please ignore this message.)\n"
        try Outbox.enqueue(OutboxDraft(eventKey: key, recipient: try customer.decode(String.self, "email"), recipientName: name,
                                       customerID: invoice.customerID, subject: subject(number), text: text), on: connection)
        return true
    }

    /// Records step `key` once; false when it exists.
    static func take(key: String, invoiceID: Int, serviceID: Int?, day: CalendarDay, on connection: PostgresConnection) throws -> Bool {
        try connection.query(
            """
            INSERT INTO dunning_steps (step_key, invoice_id, service_id, day) VALUES (\(key), \(invoiceID), \(serviceID), \(day))
            ON CONFLICT (step_key) DO NOTHING
            """).affectedRows == 1
    }
}
