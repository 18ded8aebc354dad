import Postgres

/// The billing events that email the customer, each enqueued in the transaction of its change:
/// `invoice.issued:<invoice id>` (the PDF attached once rendered, and always a link to the invoice)
/// and `payment.received:<payment id>`. Plain built-in text for now; never a password or credential.
enum BillingNotices {
    /// Queues "invoice issued" for just-issued invoice `invoiceID`.
    static func invoiceIssued(_ invoiceID: Int, on connection: PostgresConnection) throws {
        guard let invoice = try Invoices.find(id: invoiceID, on: connection), let customer = try recipient(invoice.customerID, on: connection) else { return }
        let number = invoice.number ?? String(invoice.id)
        let link = try NotificationSettings.load(on: connection).portalURL + "/my/invoices/\(invoice.id)"
        var text = "Hello \(customer.name.isEmpty ? "there" : customer.name),\n\ninvoice \(number) of \(invoice.total) \(invoice.currency) has been issued"
        text += invoice.dueDate.map { ", due on \($0)." } ?? "."
        text += invoice.amountDue.cents == 0 ? " It is already paid; nothing is due.\n" : " Amount due: \(invoice.amountDue) \(invoice.currency).\n"
        text += "\nSee and pay it here: \(link)\n(The PDF is attached when it was ready at sending; it is always at the link.)\n"
        try Outbox.enqueue(OutboxDraft(eventKey: "invoice.issued:\(invoice.id)", recipient: customer.email, recipientName: customer.name,
                                       customerID: invoice.customerID, subject: "Invoice \(number)", text: text, invoiceID: invoice.id),
                           on: connection)
    }

    /// Queues "payment received" for payment `paymentID` of `amount` on invoice `invoiceID`.
    static func paymentReceived(paymentID: Int, invoiceID: Int, amount: Money, on connection: PostgresConnection) throws {
        guard let invoice = try Invoices.find(id: invoiceID, on: connection), let customer = try recipient(invoice.customerID, on: connection) else { return }
        let number = invoice.number ?? String(invoice.id)
        let link = try NotificationSettings.load(on: connection).portalURL + "/my/invoices/\(invoice.id)"
        var text = "Hello \(customer.name.isEmpty ? "there" : customer.name),\n\nthank you: we received \(amount) \(invoice.currency) for invoice \(number).\n"
        text += invoice.amountDue.cents == 0 ? "The invoice is paid in full.\n" : "Still due: \(invoice.amountDue) \(invoice.currency).\n"
        text += "\nThe invoice: \(link)\n"
        try Outbox.enqueue(OutboxDraft(eventKey: "payment.received:\(paymentID)", recipient: customer.email, recipientName: customer.name,
                                       customerID: invoice.customerID, subject: "Payment received for invoice \(number)", text: text),
                           on: connection)
    }

    private static func recipient(_ customerID: Int, on connection: PostgresConnection) throws -> (email: String, name: String)? {
        try connection.query("SELECT email, name FROM users WHERE id = \(customerID)").firstRow.map {
            (try $0.decode(String.self, "email"), try $0.decode(String.self, "name"))
        }
    }
}
