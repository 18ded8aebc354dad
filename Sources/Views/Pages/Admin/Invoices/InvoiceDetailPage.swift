import Domain

/// `/admin/invoices/{id}`: the invoice document, with 2FA-gated "record a payment", "cancel" and "credit note".
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

    /// What was typed into the credit-note form, shown again when it was refused.
    public struct CreditInput: Sendable {
        public var amount: String
        public var reason: String
        public var refundTo: String

        public init(amount: String = "", reason: String = "", refundTo: String = "") {
            self.amount = amount
            self.reason = reason
            self.refundTo = refundTo
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
    var canCredit: Bool
    var creditable: String
    var credit: CreditInput
    var refundOptions: [SelectOption]
    var creditAmountError: String?
    var creditReasonError: String?
    var refundToError: String?
    var alert: String?
    var notice: String?
    var csrfToken: String

    public init(_ invoice: Invoice, payment: PaymentInput? = nil, credit: CreditInput? = nil, errors: FormErrors = FormErrors(), alert: String? = nil, notice: String? = nil,
                csrfToken: String) {
        id = invoice.id
        title = "Invoice \(invoice.number ?? "#\(invoice.id)")"
        document = InvoiceDocument(invoice)
        canPay = invoice.status == .unpaid
        canCancel = invoice.status == .unpaid
        self.payment = payment ?? PaymentInput(amount: "\(invoice.amountDue)", method: "bank_transfer")
        amountError = credit == nil ? errors["amount"] : nil
        canCredit = (invoice.status == .unpaid || invoice.status == .paid) && invoice.creditable.cents > 0
        creditable = "\(invoice.creditable) \(invoice.currency)"
        let typed = credit ?? CreditInput(refundTo: RefundDestination.creditBalance.rawValue)
        self.credit = typed
        refundOptions = [("credit_balance", "The customer's credit balance"), ("outside", "Outside the portal (bank transfer back)")].map {
            SelectOption(value: $0.0, label: $0.1, selected: $0.0 == typed.refundTo)
        }
        creditAmountError = credit == nil ? nil : errors["amount"]
        creditReasonError = errors["reason"]
        refundToError = errors["refund_to"]
        methodError = errors["method"]
        referenceError = errors["reference"]
        self.alert = alert
        self.notice = notice
        self.csrfToken = csrfToken
    }
}
