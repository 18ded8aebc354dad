import Domain

/// The printable part of an invoice, shared by the customer's and the staff's invoice page
/// (`templates/partials/invoice.mustache`).
struct InvoiceDocument: Sendable {
    struct Row: Sendable {
        var id: Int
        var number: String
        var customerID: Int
        var status: String
        var issueDate: String
        var dueDate: String
        var total: String
        var amountDue: String

        init(_ invoice: Invoice) {
            id = invoice.id
            number = invoice.number ?? "draft #\(invoice.id)"
            customerID = invoice.customerID
            status = invoice.status.rawValue
            issueDate = invoice.issueDate?.description ?? "—"
            dueDate = invoice.dueDate?.description ?? "—"
            total = "\(invoice.total) \(invoice.currency)"
            amountDue = "\(invoice.amountDue) \(invoice.currency)"
        }
    }

    struct Line: Sendable {
        var description: String
        var period: String
        var quantity: Int
        var unitPrice: String
        var amount: String

        init(_ item: InvoiceItem) {
            description = item.description
            if let start = item.periodStart, let end = item.periodEnd { period = "\(start) – \(end)" } else { period = "" }
            quantity = item.quantity
            unitPrice = "\(item.unitPrice)"
            amount = "\(item.amount)"
        }
    }

    struct PaymentLine: Sendable {
        var date: String
        var method: String
        var reference: String
        var amount: String

        init(_ payment: InvoicePayment, currency: String) {
            date = payment.paidOn?.description ?? Display.dateTime(payment.createdAt)
            method = payment.method
            reference = payment.reference
            amount = "\(payment.amount) \(currency)"
        }
    }

    var invoice: Row
    var lines: [Line]
    var payments: [PaymentLine]
    var hasPayments: Bool
    var currency: String
    var subtotal: String
    var tax: String
    var orderID: Int?
    var creditNotes: [CreditNoteLine]
    var hasCreditNotes: Bool
    var credited: String
    var refunded: String

    init(_ invoice: Invoice) {
        self.invoice = Row(invoice)
        lines = invoice.items.map(Line.init)
        payments = invoice.payments.map { PaymentLine($0, currency: invoice.currency) }
        hasPayments = !payments.isEmpty
        currency = invoice.currency
        subtotal = "\(invoice.subtotal) \(invoice.currency)"
        tax = "\(invoice.tax) \(invoice.currency)"
        orderID = invoice.orderID
        creditNotes = invoice.creditNotes.map(CreditNoteLine.init)
        hasCreditNotes = !creditNotes.isEmpty
        credited = "\(invoice.credited) \(invoice.currency)"
        refunded = "\(invoice.refunded) \(invoice.currency)"
    }
}
