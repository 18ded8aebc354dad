import Domain

/// `/admin/customers/{id}/billing`: the customer's services with their next due date, newest
/// invoices, what they owe, their credit ledger, a 2FA-gated "add credit" form and
/// the customer's dunning terms (grace days, exemption).
public struct CustomerBillingPage: PageModel {
    public let template = "admin/customers/billing"
    public let title: String

    /// One service (server) and its billing.
    struct ServiceRow: Sendable {
        var id: Int
        var hostname: String
        var product: String
        var status: String
        var cycle: String
        var amount: String
        var nextDue: String
        var billingStatus: String

        init(_ server: ServerInstance) {
            id = server.id
            hostname = server.hostname.isEmpty ? "server #\(server.id)" : server.hostname
            product = server.productName
            status = server.status.rawValue
            cycle = server.billingCycle?.rawValue ?? "—"
            amount = server.billingCycle == nil ? "—" : "\(server.recurringAmount)"
            nextDue = server.nextDueDate?.description ?? "—"
            billingStatus = server.billingStatus
        }
    }

    /// One credit ledger entry.
    struct CreditRow: Sendable {
        var date: String
        var kind: String
        var reason: String
        var amount: String
        var invoiceID: Int?

        init(_ entry: CreditEntry, currency: String) {
            date = Display.dateTime(entry.createdAt)
            kind = entry.kind
            reason = entry.reason
            amount = "\(entry.amount) \(currency)"
            invoiceID = entry.invoiceID
        }
    }

    var id: Int
    var services: [ServiceRow]
    var hasServices: Bool
    var moreServices: Bool
    var invoices: [InvoiceDocument.Row]
    var hasInvoices: Bool
    var moreInvoices: Bool
    var unpaidInvoices: Int
    var amountDue: String
    var creditBalance: String
    var credits: [CreditRow]
    var hasCredits: Bool
    var creditAmount: String
    var creditReason: String
    var amountError: String?
    var reasonError: String?
    /// Dunning terms: extra days before suspension, or never suspended.
    var graceDays: String
    var exempt: Bool
    var alert: String?
    var notice: String?
    var csrfToken: String

    /// The billing of one customer; `typed` is the add-credit form as sent when it was refused.
    public init(_ billing: CustomerBilling, dunning: DunningCustomer, typed: (amount: String, reason: String)? = nil,
                errors: FormErrors = FormErrors(), alert: String? = nil, notice: String? = nil, csrfToken: String) {
        let customer = billing.customer
        id = customer.id
        title = "Billing — " + (customer.name.isEmpty ? customer.email : customer.name)
        services = billing.services.map(ServiceRow.init)
        hasServices = !services.isEmpty
        moreServices = billing.moreServices
        invoices = billing.invoices.map(InvoiceDocument.Row.init)
        hasInvoices = !invoices.isEmpty
        moreInvoices = billing.moreInvoices
        unpaidInvoices = billing.amountDue.unpaidInvoices
        amountDue = billing.amountDue.amounts.isEmpty ? "nothing"
            : billing.amountDue.amounts.map { "\($0.amount) \($0.currency)" }.joined(separator: ", ")
        creditBalance = "\(billing.credit.balance) \(billing.credit.currency)"
        credits = billing.credit.entries.map { CreditRow($0, currency: billing.credit.currency) }
        hasCredits = !credits.isEmpty
        creditAmount = typed?.amount ?? ""
        creditReason = typed?.reason ?? ""
        amountError = errors["amount"]
        reasonError = errors["reason"]
        graceDays = String(dunning.graceDays)
        exempt = dunning.exempt
        self.alert = alert
        self.notice = notice
        self.csrfToken = csrfToken
    }
}
