import Postgres

/// The billing events that email the customer, each enqueued in the transaction of its change
/// and worded by its template (`NotificationTemplates`): `invoice.issued:<invoice id>` (the PDF
/// attached once rendered, and always a link to the invoice) `payment.received:<payment id>` and `payment.failed:<attempt id>` (an automatic charge declined).
/// Never a password or credential.
enum BillingNotices {
    /// Queues "invoice issued" for just-issued invoice `invoiceID`.
    static func invoiceIssued(_ invoiceID: Int, on connection: PostgresConnection) throws {
        guard let invoice = try Invoices.find(id: invoiceID, on: connection) else { return }
        try Notify.user("invoice.issued", key: "invoice.issued:\(invoice.id)", customerID: invoice.customerID,
                            values: try values(invoice, on: connection), invoiceID: invoice.id, on: connection)
    }

    /// Queues "payment received" for payment `paymentID` of `amount` on invoice `invoiceID`.
    static func paymentReceived(paymentID: Int, invoiceID: Int, amount: Money, on connection: PostgresConnection) throws {
        guard let invoice = try Invoices.find(id: invoiceID, on: connection) else { return }
        var values = try values(invoice, on: connection)
        values["amount"] = "\(amount)"
        values["balance"] = invoice.amountDue.cents == 0 ? "The invoice is paid in full." : "Still due: \(invoice.amountDue) \(invoice.currency)."
        try Notify.user("payment.received", key: "payment.received:\(paymentID)", customerID: invoice.customerID, values: values, on: connection)
    }

    /// Queues "payment failed" for declined automatic charge attempt `attemptID` on invoice `invoiceID`.
    static func paymentFailed(attemptID: Int, invoiceID: Int, reason: String, on connection: PostgresConnection) throws {
        guard let invoice = try Invoices.find(id: invoiceID, on: connection) else { return }
        var values = try values(invoice, on: connection)
        values["reason"] = reason.isEmpty ? "declined" : String(reason.prefix(200))
        try Notify.user("payment.failed", key: "payment.failed:\(attemptID)", customerID: invoice.customerID, values: values, on: connection)
    }

    /// What the invoice events offer their templates.
    static func values(_ invoice: Invoice, on connection: PostgresConnection) throws -> [String: String] {
        ["invoice_number": invoice.number ?? String(invoice.id), "total": "\(invoice.total)", "currency": invoice.currency,
         "amount_due": "\(invoice.amountDue)", "due_date": invoice.dueDate.map { "\($0)" } ?? "receipt",
         "link": try NotificationSettings.load(on: connection).portalURL + "/my/invoices/\(invoice.id)"]
    }
}
