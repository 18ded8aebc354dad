import Foundation
import Postgres

/// Moving a running server to another product of the same provisioning module (an upgrade or a
/// downgrade); the cycle stays the service's. The owner or staff (staff with a fresh 2FA code: it
/// changes money) ask for it. The difference (`ProductChangeQuote`) is
/// - positive: an invoice with `upgrade` items is issued at once (credit applied per setting); the
///   change waits, `pending`, until that invoice is paid — however it gets paid — then applies once;
/// - negative: the customer gets it as credit (`downgrade` ledger entry) and the change applies at once;
/// - zero: the change applies at once.
/// Applying moves the server to the product, queues the module's `change_package` job and sets the
/// recurring amount, used from the next invoiced period on. One pending change per service
/// (a unique index); the server row is locked, so two requests at once are served one after the other.
public struct ServiceProductChange: Sendable {
    public let twoFactor: TwoFactor

    public init(twoFactor: TwoFactor) {
        self.twoFactor = twoFactor
    }

    /// What a request did: the change and, for an upgrade, its invoice.
    public struct Outcome: Sendable, Encodable {
        public var change: ProductChange
        public var invoice: Invoice?

        enum CodingKeys: String, CodingKey { case change, invoice }

        public func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(change, forKey: .change); try c.encode(invoice, forKey: .invoice)
        }
    }

    /// The owner, or staff with `code`, move server `instanceID` to `productID` (others' servers: not found).
    public func request(instanceID: Int, productID: Int, by caller: Caller, code: String?, at moment: Date = Date()) throws -> Outcome {
        let user = try caller.signedIn()
        let body = { (connection: PostgresConnection) throws -> Outcome in
            try Self.change(instanceID: instanceID, productID: productID, user: user, caller: caller, at: moment, on: connection)
        }
        guard user.role.isStaff else { return try caller.connection.transaction(body) }
        guard try Instances.find(id: instanceID, on: caller.connection) != nil else { throw DomainError.notFound("No such server.") }
        return try StepUp.run(on: caller.connection, actor: user, code: code, twoFactor: twoFactor, origin: caller.origin,
                              action: "server.product_change_requested", body)
    }

    private static func change(
        instanceID: Int, productID: Int, user: User, caller: Caller, at moment: Date, on connection: PostgresConnection
    ) throws -> Outcome {
        guard let terms = try ServiceTerms.load(serviceID: instanceID, lock: true, on: connection), caller.maySee(customerID: terms.customerID) else {
            if let server = try Instances.find(id: instanceID, on: connection), caller.maySee(customerID: server.customerID) {
                throw DomainError.conflict("The server is not billed; it cannot change product.")
            }
            throw DomainError.notFound("No such server.")
        }
        guard let product = try Products.find(id: productID, on: connection) else { throw DomainError.invalid("product_id", "no such product") }
        if let why = terms.ineligibility(of: product) { throw DomainError.invalid("product_id", why) }
        if let why = terms.refusal { throw DomainError.conflict(why) }
        if let pending = try ProductChange.pending(serviceID: instanceID, on: connection) {
            throw DomainError.conflict("A change of this server's product is already pending (invoice \(pending.invoiceID.map(String.init) ?? "?")); "
                                       + "pay or cancel that invoice first.")
        }
        let settings = try BillingSettings.load(on: connection)
        let today = settings.today(at: moment)
        let quote = ProductChangeQuote(product: product, terms: terms, today: today,
                                       laterPeriods: try ProductChangeQuote.billedAhead(terms: terms, today: today, on: connection))
        let changeID = try connection.query(
            """
            INSERT INTO service_product_changes (service_id, customer_id, from_product_id, to_product_id, billing_cycle, old_amount, new_amount,
                                                 difference, remaining_days, period_days, status, requested_by)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'pending', $11) RETURNING id
            """, [instanceID, terms.customerID, terms.productID, product.id, terms.cycle.rawValue, terms.recurringAmount, quote.newAmount,
                  quote.difference, quote.proration.remainingDays, quote.proration.periodDays, user.id])[0].decode(Int.self, "id")
        var invoiceID: Int?
        if quote.difference.cents > 0 {
            let id = try ProductChangeBilling.invoice(quote, terms: terms, today: today, settings: settings, on: connection)
            try connection.query("UPDATE service_product_changes SET invoice_id = $2 WHERE id = $1", [changeID, id])
            invoiceID = id
            if try Invoices.find(id: id, on: connection)?.status == .paid {
                try apply(changeID: changeID, actor: Actor(user), origin: caller.origin, on: connection)
            }
        } else {
            if quote.difference.cents < 0 {
                let entry = try ProductChangeBilling.credit(quote, terms: terms, actor: Actor(user), on: connection)
                try connection.query("UPDATE service_product_changes SET credit_entry_id = $2 WHERE id = $1", [changeID, entry])
            }
            try apply(changeID: changeID, actor: Actor(user), origin: caller.origin, on: connection)
        }
        let change = try connection.query("SELECT \(ProductChange.columns) FROM service_product_changes WHERE id = $1", [changeID])
            .map(ProductChange.init(row:))[0]
        try AuditLog.record(on: connection, actor: Actor(user), action: "server.product_change_requested", targetType: "server",
                            targetID: String(instanceID), after: change, origin: caller.origin)
        return Outcome(change: change, invoice: try invoiceID.flatMap { try Invoices.find(id: $0, on: connection) })
    }

    /// The products server `instanceID` could move to now, each with what it would cost today
    /// (empty when the server cannot change product); the server must be one `caller` may see.
    public static func quotes(instanceID: Int, for caller: Caller, at moment: Date = Date()) throws -> [ProductChangeQuote] {
        let server = try Instances.visible(id: instanceID, to: caller)
        let connection = caller.connection
        guard let terms = try ServiceTerms.load(serviceID: server.id, lock: false, on: connection), terms.refusal == nil,
              try ProductChange.pending(serviceID: server.id, on: connection) == nil else { return [] }
        let today = try BillingSettings.load(on: connection).today(at: moment)
        let laterPeriods = try ProductChangeQuote.billedAhead(terms: terms, today: today, on: connection)
        return try Products.catalog(on: connection).filter { terms.ineligibility(of: $0) == nil }
            .map { ProductChangeQuote(product: $0, terms: terms, today: today, laterPeriods: laterPeriods) }
    }

    /// The service's pending change, for a server `caller` may see.
    public static func pending(instanceID: Int, for caller: Caller) throws -> ProductChange? {
        let server = try Instances.visible(id: instanceID, to: caller)
        return try ProductChange.pending(serviceID: server.id, on: caller.connection)
    }
}
