import Postgres

/// What moving a service to another product costs today: the prorated difference for the rest of
/// the current period, plus the whole difference for each later period already invoiced at the old
/// amount (those invoices are never changed, so the difference is settled on this change instead).
public struct ProductChangeQuote: Sendable, Equatable {
    /// A later period already invoiced at the old amount.
    public struct BilledPeriod: Sendable, Equatable {
        public var start: CalendarDay
        public var end: CalendarDay
    }

    public var product: Product
    /// The product's price for the service's cycle: the recurring amount from the next period.
    public var newAmount: Money
    public var proration: Proration
    public var laterPeriods: [BilledPeriod]
    /// Positive: to pay (an upgrade invoice); negative: credited; zero: applies at once.
    public var difference: Money

    /// The quote for `product`; `laterPeriods` are the service's periods already invoiced after the
    /// current one (`billedAhead`, the same for every product, so a list of quotes reads them once).
    init(product: Product, terms: ServiceTerms, today: CalendarDay, laterPeriods: [BilledPeriod]) {
        self.product = product
        newAmount = product.price(for: terms.cycle) ?? .zero
        let period = Proration.currentPeriod(anchor: terms.anchor, cycle: terms.cycle, today: today)
        proration = Proration(oldAmount: terms.recurringAmount, newAmount: newAmount, today: today, periodStart: period.start, periodEnd: period.end)
        self.laterPeriods = laterPeriods
        let perPeriod = newAmount.cents - terms.recurringAmount.cents
        difference = Money(cents: proration.difference.cents + perPeriod * Int64(laterPeriods.count))
    }

    /// The service's periods invoiced after the one holding `today`.
    static func billedAhead(terms: ServiceTerms, today: CalendarDay, on connection: PostgresConnection) throws -> [BilledPeriod] {
        let period = Proration.currentPeriod(anchor: terms.anchor, cycle: terms.cycle, today: today)
        return try connection.query(
            "SELECT period_start, period_end FROM billing_periods WHERE service_id = $1 AND period_start >= $2 ORDER BY period_start",
            [terms.serviceID, period.end]).map { BilledPeriod(start: try $0.decode(CalendarDay.self, "period_start"), end: try $0.decode(CalendarDay.self, "period_end")) }
    }
}

/// A service's billing terms as a product change reads them (locked when asked).
struct ServiceTerms {
    var serviceID: Int
    var customerID: Int
    var productID: Int?
    var productName: String
    var module: String
    var status: ServerStatus
    var cycle: BillingCycle
    var recurringAmount: Money
    var currency: String
    var anchor: CalendarDay
    var billingStatus: String
    var cancellationPending: Bool
    var hostname: String

    /// The terms of a billed service, or nil when it does not exist or is not billed.
    static func load(serviceID: Int, lock: Bool, on connection: PostgresConnection) throws -> ServiceTerms? {
        guard let row = try connection.query(
            """
            SELECT s.id, s.customer_id, s.product_id, coalesce(p.name, '') AS product_name, coalesce(p.provisioning_module, '') AS module,
                   s.status, s.billing_cycle, s.recurring_amount, s.currency, s.billing_anchor, s.billing_status,
                   s.cancellation_when IS NOT NULL AS cancellation_pending, s.hostname
            FROM server_instances s LEFT JOIN products p ON p.id = s.product_id WHERE s.id = $1
            """ + (lock ? " FOR UPDATE OF s" : ""), [serviceID]).firstRow,
            let cycle = BillingCycle(rawValue: try row.decode(String?.self, "billing_cycle") ?? ""),
            let anchor = try row.decode(CalendarDay?.self, "billing_anchor")
        else { return nil }
        return ServiceTerms(
            serviceID: serviceID, customerID: try row.decode(Int.self, "customer_id"), productID: try row.decode(Int?.self, "product_id"),
            productName: try row.decode(String.self, "product_name"), module: try row.decode(String.self, "module"),
            status: ServerStatus(rawValue: try row.decode(String.self, "status")) ?? .failed, cycle: cycle,
            recurringAmount: try row.decode(Money.self, "recurring_amount"), currency: try row.decode(String.self, "currency"),
            anchor: anchor, billingStatus: try row.decode(String.self, "billing_status"),
            cancellationPending: try row.decode(Bool.self, "cancellation_pending"), hostname: try row.decode(String.self, "hostname"))
    }

    /// Why this service cannot change product now (a 409), or nil.
    var refusal: String? {
        if billingStatus == "cancelled" || status == .terminated { return "The server is cancelled; it cannot change product." }
        if cancellationPending { return "A cancellation of this server is pending; it cannot change product." }
        if status != .active { return "The server is \(status.rawValue); only a running (active) server can change product." }
        return nil
    }

    /// Why `product` is not a product this service can move to (a 422 on `product_id`), or nil.
    func ineligibility(of product: Product) -> String? {
        if product.id == productID { return "is the server's current product" }
        if !product.isActive { return "is not for sale" }
        if product.provisioningModule != module { return "uses module \(product.provisioningModule), the server \(module)" }
        if product.price(for: cycle) == nil { return "has no \(cycle.rawValue) price (the server is billed \(cycle.rawValue))" }
        return nil
    }
}
