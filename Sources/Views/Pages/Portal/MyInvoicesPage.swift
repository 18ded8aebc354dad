import Domain

/// `/my/invoices` and `/my/invoices/{id}`: a customer's own invoices.
public struct MyInvoicesPage: PageModel {
    public let template: String
    public let title: String

    var rows: [InvoiceDocument.Row] = []
    var isEmpty = true
    var nextHref: String?
    var document: InvoiceDocument?
    /// "Pay now" with each enabled gateway (unpaid invoices only).
    var payOptions: [PayOption] = []
    var canPay = false
    var payAction = ""
    var csrfToken = ""
    /// After a return from a payment page (`?checkout=`): what became of it.
    var checkoutReceived = false
    var checkoutProcessing = false
    var checkoutDeclined = false
    /// "Automatic payment failed: <reason>, next try <day>" when the latest automatic card charge was declined.
    var autoPayFailure: String?
    /// Why "Pay now" was refused.
    public var alert: String?
    public var head: PageHead = .none

    struct PayOption: Sendable {
        var gateway: String
        var label: String
    }

    /// One page of the customer's invoices, newest first.
    public init(_ page: Page<Invoice>) {
        template = "my/invoices"
        title = "My invoices"
        rows = page.items.map(InvoiceDocument.Row.init)
        isEmpty = rows.isEmpty
        nextHref = page.nextCursor.map { "/my/invoices?cursor=\($0)" }
    }

    /// One invoice: items with their periods, payments and totals; prints as the invoice document.
    public init(_ invoice: Invoice) {
        template = "my/invoice"
        title = "Invoice \(invoice.number ?? "#\(invoice.id)")"
        document = InvoiceDocument(invoice)
    }

    /// One invoice with its ways to pay, and — back from a payment page — "Payment received" or
    /// "Processing" (the page then reloads itself every few seconds, without JavaScript).
    public init(_ invoice: Invoice, payWith gateways: [GatewaySettings], checkout: CheckoutSessionRecord?, csrfToken: String) {
        self.init(invoice)
        if invoice.status.takesPayments && invoice.amountDue.cents > 0 {
            payOptions = gateways.map { PayOption(gateway: $0.name, label: $0.displayName) }
        }
        canPay = !payOptions.isEmpty
        payAction = "/my/invoices/\(invoice.id)/checkout"
        self.csrfToken = csrfToken
        autoPayFailure = invoice.automaticPaymentFailure.map { failure in
            "Automatic payment failed: \(failure.reason) "
                + (failure.nextTry.map { "Next try \($0)." } ?? "No more automatic tries; please pay the invoice.")
        }
        guard let checkout else { return }
        checkoutReceived = checkout.status == .paid || invoice.status == .paid
        checkoutDeclined = !checkoutReceived && checkout.status == .declined
        checkoutProcessing = !checkoutReceived && !checkoutDeclined
        if checkoutProcessing { head = PageHead(refreshSeconds: 3) }
    }
}
