import Domain

/// The printable part of an invoice, shared by the customer's and the staff's invoice page
/// (`templates/partials/invoice.mustache`).
struct InvoiceDocument: Sendable {
    struct Row: Sendable {
        var id: Int
        var number: String
        var customerID: Int
        var status: String
        /// The customer's name as the invoice was issued to them (else their number).
        var customerName: String
        var issueDate: String
        var dueDate: String
        var total: String
        var amountDue: String

        init(_ invoice: Invoice) {
            id = invoice.id
            number = invoice.number ?? "draft #\(invoice.id)"
            customerID = invoice.customerID
            status = invoice.status.rawValue
            customerName = invoice.buyer.name.isEmpty ? "#\(invoice.customerID)" : invoice.buyer.name
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

    /// The seller or the buyer as printed: a name and address lines, then tax numbers.
    struct Party: Sendable {
        var name: String
        var lines: [String]
        var taxNumbers: [String]
        var hasAny: Bool

        init(seller: SellerDetails) {
            name = seller.company
            lines = seller.address.split(whereSeparator: \.isNewline).map(String.init) + [seller.country].filter { !$0.isEmpty }
            taxNumbers = [("VAT number", seller.vatNumber), ("Registration number", seller.registrationNumber)].filter { !$0.1.isEmpty }
                .map { "\($0.0): \($0.1)" }
            hasAny = !name.isEmpty || !lines.isEmpty || !taxNumbers.isEmpty
        }

        init(buyer: InvoiceBuyer, customerID: Int) {
            let d = buyer.details
            name = buyer.company.isEmpty ? (buyer.name.isEmpty ? "Customer #\(customerID)" : buyer.name) : buyer.company
            let cityLine = [d.postcode, d.city, d.region].filter { !$0.isEmpty }.joined(separator: " ")
            lines = ([buyer.company.isEmpty ? "" : buyer.name, d.addressLine1, d.addressLine2, cityLine, d.country]).filter { !$0.isEmpty }
            taxNumbers = d.vatNumber.isEmpty ? [] : ["VAT number: \(d.vatNumber)"]
            hasAny = true
        }
    }

    /// Where to pay: the seller's bank details as issued.
    struct Bank: Sendable {
        var name: String?
        var iban: String?
        var bic: String?
        var instructions: String?
    }

    var invoice: Row
    var seller: Party
    var buyer: Party
    var bank: Bank?
    /// "VAT 19.000 %", or just "Tax" when none applied.
    var taxLabel: String
    /// "Reverse charge" or "Tax exempt", when no tax was charged for that reason.
    var taxNote: String?
    /// "Prices include tax" on an invoice issued so; its subtotal is the net amount.
    var inclusiveNote: String?
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
        seller = Party(seller: invoice.seller)
        buyer = Party(buyer: invoice.buyer, customerID: invoice.customerID)
        let s = invoice.seller
        bank = s.bankName.isEmpty && s.iban.isEmpty && s.paymentInstructions.isEmpty
            ? nil : Bank(name: Self.given(s.bankName), iban: Self.given(s.iban), bic: Self.given(s.bic),
                                                                                  instructions: Self.given(s.paymentInstructions))
        taxLabel = invoice.taxRate > .zero ? "\(invoice.taxName.isEmpty ? "Tax" : invoice.taxName) \(invoice.taxRate) %" : "Tax"
        taxNote = invoice.taxNote.isEmpty ? nil : invoice.taxNote
        inclusiveNote = invoice.pricesIncludeTax ? "Prices include tax; the subtotal is the net amount." : nil
        creditNotes = invoice.creditNotes.map(CreditNoteLine.init)
        hasCreditNotes = !creditNotes.isEmpty
        credited = "\(invoice.credited) \(invoice.currency)"
        refunded = "\(invoice.refunded) \(invoice.currency)"
    }

    /// nil for '' (a template section shows any string, even an empty one).
    private static func given(_ text: String) -> String? { text.isEmpty ? nil : text }
}
