import Foundation
import Postgres

/// A customer's billing at a glance, for staff (the customer's billing tab and
/// `GET /api/v1/customers/{id}/billing`): their services with cycle, amount and next due date,
/// their newest invoices, what they owe and their credit.
public struct CustomerBilling: Sendable, Encodable {
    public let customer: Customer
    /// The customer's services (servers), newest first, at most `serviceLimit`.
    public let services: [ServerInstance]
    public let moreServices: Bool
    /// The newest invoices, at most `invoiceLimit`.
    public let invoices: [Invoice]
    public let moreInvoices: Bool
    public let amountDue: AmountDue
    public let credit: CreditAccount

    enum CodingKeys: String, CodingKey {
        case customer, services, invoices, credit
        case moreServices = "more_services", moreInvoices = "more_invoices", unpaidInvoices = "unpaid_invoices", amountDue = "amount_due"
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(customer, forKey: .customer)
        try c.encode(services, forKey: .services); try c.encode(moreServices, forKey: .moreServices)
        try c.encode(invoices, forKey: .invoices); try c.encode(moreInvoices, forKey: .moreInvoices)
        try c.encode(amountDue.unpaidInvoices, forKey: .unpaidInvoices)
        try c.encode(Dictionary(uniqueKeysWithValues: amountDue.amounts.map { ($0.currency, $0.amount) }), forKey: .amountDue)
        try c.encode(credit, forKey: .credit)
    }

    /// Customer `id`'s billing (404 when there is no such customer); staff only.
    public static func load(customerID id: Int, for caller: Caller, serviceLimit: Int = 50, invoiceLimit: Int = 20) throws -> CustomerBilling {
        _ = try caller.staff()
        guard let customer = try Customers.find(id: id, on: caller.connection) else { throw DomainError.notFound("No such customer.") }
        let services = try Instances.list(Instances.Filter(customerID: id), page: PageRequest(limit: serviceLimit), on: caller.connection)
        let invoices = try Invoices.list(Invoices.Filter(customerID: id), page: PageRequest(limit: invoiceLimit), for: caller)
        return CustomerBilling(
            customer: customer, services: services.items, moreServices: services.nextCursor != nil, invoices: invoices.items,
            moreInvoices: invoices.nextCursor != nil, amountDue: try Invoices.amountDue(customerID: id, on: caller.connection),
            credit: try CreditLedger.account(customerID: id, currency: CreditLedger.defaultCurrency, on: caller.connection))
    }
}
