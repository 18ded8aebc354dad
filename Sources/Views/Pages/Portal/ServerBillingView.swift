import Domain

/// A server's billing on its page (customer and staff): the terms, the cancellation and the
/// change-product form with what each product would cost today.
public struct ServerBillingView: Sendable {
    struct PendingChange: Sendable {
        var product: String
        var difference: String
        var invoiceID: Int
    }

    var facts: [MyServerPage.Fact]
    /// "Cancellation requested …" while one is pending.
    var cancellationPending: String?
    var isCancelled: Bool
    var canCancel: Bool
    var pendingChange: PendingChange?
    var changeOptions: [SelectOption]
    var canChangeProduct: Bool
    /// Where the forms post (`/my/servers/{id}` or `/admin/servers/{id}`) and invoices are linked.
    var actionBase: String
    var invoicePath: String
    /// Staff forms ask for a two-factor code (a product change moves money).
    var needsCode: Bool
    var offersCancel: Bool
    /// Staff may take back a pending cancellation.
    var offersRevert: Bool
    var nextDue: String?
    var csrfToken: String

    /// The billing part of server `server`'s page for a customer (`staff` false) or staff.
    init(server: ServerInstance, billing: ServerBillingOverview, staff: Bool, csrfToken: String) {
        actionBase = staff ? "/admin/servers/\(server.id)" : "/my/servers/\(server.id)"
        invoicePath = staff ? "/admin/invoices" : "/my/invoices"
        needsCode = staff
        nextDue = server.nextDueDate?.description
        self.csrfToken = csrfToken
        facts = []
        if let cycle = server.billingCycle {
            facts = [
                MyServerPage.Fact(label: "Billing cycle", value: Display.words(cycle.rawValue).capitalized),
                MyServerPage.Fact(label: "Recurring amount", value: "\(server.recurringAmount) \(billing.currency) per \(Self.period(cycle))"),
                MyServerPage.Fact(label: "Next due", value: server.nextDueDate.map(\.description) ?? "—"),
                MyServerPage.Fact(label: "Billing status", value: Display.words(server.billingStatus).capitalized),
            ]
        }
        let cancellation = billing.cancellation
        isCancelled = cancellation.billingStatus == "cancelled"
        cancellationPending = isCancelled ? nil : cancellation.when.map { when in
            "Cancellation requested (\(Display.words(when))): the server ends on \(cancellation.effectiveDate?.description ?? "its due date")."
        }
        canCancel = server.billingCycle != nil && !isCancelled && cancellation.when == nil && server.status != .terminated
        offersCancel = canCancel
        offersRevert = staff && cancellationPending != nil
        pendingChange = billing.pendingChange.map {
            PendingChange(product: billing.pendingProductName, difference: $0.difference.description, invoiceID: $0.invoiceID ?? 0)
        }
        changeOptions = billing.quotes.map { quote in
            SelectOption(value: String(quote.product.id), label: Self.label(quote, currency: billing.currency, cycle: server.billingCycle),
                         selected: false)
        }
        canChangeProduct = !changeOptions.isEmpty
    }

    /// "Pro 8 — 60.00 EUR a quarter — 12.34 EUR to pay now" (or credited, or nothing now).
    static func label(_ quote: ProductChangeQuote, currency: String, cycle: BillingCycle?) -> String {
        let now: String
        switch quote.difference.cents {
        case 1...: now = "\(quote.difference) \(currency) to pay now"
        case ..<0: now = "\(Money(cents: -quote.difference.cents)) \(currency) credited"
        default: now = "nothing to pay now"
        }
        return "\(quote.product.name) — \(quote.newAmount) \(currency) a \(cycle.map(period) ?? "period") — \(now)"
    }

    static func period(_ cycle: BillingCycle) -> String {
        switch cycle {
        case .monthly: return "month"
        case .quarterly: return "quarter"
        case .yearly: return "year"
        }
    }
}
