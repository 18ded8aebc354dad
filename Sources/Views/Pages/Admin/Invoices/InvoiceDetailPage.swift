import Domain

/// `/admin/invoices/{id}`: the invoice document, with 2FA-gated "record a payment" and "cancel".
public struct InvoiceDetailPage: PageModel {
    public let template = "admin/invoices/detail"
    public let title: String

    /// What was typed into the payment form, shown again when it was refused.
    public struct PaymentInput: Sendable {
        public var amount: String
        public var method: String
        public var reference: String

        public init(amount: String = "", method: String = "", reference: String = "") {
            self.amount = amount
            self.method = method
            self.reference = reference
        }
    }

    var id: Int
    var document: InvoiceDocument
    var canPay: Bool
    var canCancel: Bool
    var payment: PaymentInput
    var amountError: String?
    var methodError: String?
    var referenceError: String?
    var alert: String?
    var notice: String?
    var csrfToken: String

    public init(_ invoice: Invoice, payment: PaymentInput? = nil, errors: FormErrors = FormErrors(), alert: String? = nil, notice: String? = nil,
                csrfToken: String) {
        id = invoice.id
        title = "Invoice \(invoice.number ?? "#\(invoice.id)")"
        document = InvoiceDocument(invoice)
        canPay = invoice.status == .unpaid
        canCancel = invoice.status == .unpaid
        self.payment = payment ?? PaymentInput(amount: "\(invoice.amountDue)", method: "bank_transfer")
        amountError = errors["amount"]
        methodError = errors["method"]
        referenceError = errors["reference"]
        self.alert = alert
        self.notice = notice
        self.csrfToken = csrfToken
    }
}
