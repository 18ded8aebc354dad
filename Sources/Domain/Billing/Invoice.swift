import Foundation
import Postgres

/// One line of an invoice. Renewal lines name their service and period (`period_end` is the
/// first day of the next period).
public struct InvoiceItem: Sendable, Equatable, Encodable {
    public var kind: String
    public var description: String
    public var serviceID: Int?
    public var periodStart: CalendarDay?
    public var periodEnd: CalendarDay?
    public var quantity: Int
    public var unitPrice: Money
    public var amount: Money

    enum CodingKeys: String, CodingKey {
        case kind, description, quantity, amount
        case serviceID = "service_id", periodStart = "period_start", periodEnd = "period_end", unitPrice = "unit_price"
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(kind, forKey: .kind); try c.encode(description, forKey: .description); try c.encode(serviceID, forKey: .serviceID)
        try c.encode(periodStart, forKey: .periodStart); try c.encode(periodEnd, forKey: .periodEnd); try c.encode(quantity, forKey: .quantity)
        try c.encode(unitPrice, forKey: .unitPrice); try c.encode(amount, forKey: .amount)
    }

    init(row: PostgresRow) throws {
        kind = try row.decode(String.self, "kind")
        description = try row.decode(String.self, "description")
        serviceID = try row.decode(Int?.self, "service_id")
        periodStart = try row.decode(CalendarDay?.self, "period_start")
        periodEnd = try row.decode(CalendarDay?.self, "period_end")
        quantity = try row.decode(Int.self, "quantity")
        unitPrice = try row.decode(Money.self, "unit_price")
        amount = try row.decode(Money.self, "amount")
    }
}

/// A payment recorded against an invoice.
public struct InvoicePayment: Sendable, Equatable, Encodable {
    public var id: Int
    public var amount: Money
    public var method: String
    public var reference: String
    public var paidOn: CalendarDay?
    public var createdAt: Date

    enum CodingKeys: String, CodingKey {
        case id, amount, method, reference
        case paidOn = "paid_on", createdAt = "created_at"
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id); try c.encode(amount, forKey: .amount); try c.encode(method, forKey: .method)
        try c.encode(reference, forKey: .reference); try c.encode(paidOn, forKey: .paidOn); try c.encode(createdAt, forKey: .createdAt)
    }

    init(row: PostgresRow) throws {
        id = try row.decode(Int.self, "id")
        amount = try row.decode(Money.self, "amount")
        method = try row.decode(String.self, "method")
        reference = try row.decode(String.self, "reference")
        paidOn = try row.decode(CalendarDay?.self, "paid_on")
        createdAt = try row.decode(Date.self, "created_at")
    }
}

/// An invoice: numbered at issue, its items never change afterwards.
public struct Invoice: Sendable, Equatable, Encodable {
    public var id: Int
    public var number: String?
    public var customerID: Int
    public var orderID: Int?
    public var status: InvoiceStatus
    public var issueDate: CalendarDay?
    public var dueDate: CalendarDay?
    public var currency: String
    public var subtotal: Money
    public var tax: Money
    public var total: Money
    public var amountDue: Money
    /// The sum of its credit notes, and how much of that returned money paid.
    public var credited: Money
    public var refunded: Money
    public var items: [InvoiceItem]
    public var payments: [InvoicePayment]
    /// The seller (with bank details) and buyer as they were at issue (empty on a draft).
    public var seller: SellerDetails
    public var buyer: InvoiceBuyer
    /// The tax applied at issue: its name ("VAT"), rate, and why none was charged ("Reverse charge").
    public var taxName: String
    public var taxRate: TaxPercent
    public var taxNote: String
    /// True when the item amounts include the tax (then `subtotal` is the net amount).
    public var pricesIncludeTax: Bool
    public var creditNotes: [CreditNote] = []
    /// Why its latest automatic card charge failed, when it did (set where an invoice is shown).
    public var automaticPaymentFailure: AutomaticPaymentFailure?

    /// What credit notes may still credit: the total less what is credited already.
    public var creditable: Money { Money(cents: total.cents - credited.cents) }

    enum CodingKeys: String, CodingKey {
        case id, number, status, currency, subtotal, tax, total, items, payments, seller, buyer, credited, refunded
        case creditNotes = "credit_notes", automaticPaymentFailure = "automatic_payment_failure"
        case customerID = "customer_id", orderID = "order_id", issueDate = "issue_date", dueDate = "due_date", amountDue = "amount_due"
        case taxName = "tax_name", taxRate = "tax_rate", taxNote = "tax_note", pricesIncludeTax = "prices_include_tax"
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id); try c.encode(number, forKey: .number); try c.encode(customerID, forKey: .customerID)
        try c.encode(orderID, forKey: .orderID); try c.encode(status, forKey: .status)
        try c.encode(issueDate, forKey: .issueDate); try c.encode(dueDate, forKey: .dueDate); try c.encode(currency, forKey: .currency)
        try c.encode(subtotal, forKey: .subtotal); try c.encode(tax, forKey: .tax); try c.encode(total, forKey: .total)
        try c.encode(amountDue, forKey: .amountDue); try c.encode(items, forKey: .items); try c.encode(payments, forKey: .payments)
        try c.encode(taxName, forKey: .taxName); try c.encode(taxRate, forKey: .taxRate); try c.encode(taxNote, forKey: .taxNote)
        try c.encode(pricesIncludeTax, forKey: .pricesIncludeTax); try c.encode(seller, forKey: .seller); try c.encode(buyer, forKey: .buyer)
        try c.encode(credited, forKey: .credited); try c.encode(refunded, forKey: .refunded); try c.encode(creditNotes, forKey: .creditNotes)
        try c.encode(automaticPaymentFailure, forKey: .automaticPaymentFailure)
    }

    static let columns = """
        id, number, customer_id, order_id, status, issue_date, due_date, currency, subtotal, tax, total, amount_due, seller, buyer, tax_name,
        tax_rate, tax_note, prices_include_tax, credited, refunded
        """

    init(row: PostgresRow, items: [InvoiceItem], payments: [InvoicePayment]) throws {
        id = try row.decode(Int.self, "id")
        number = try row.decode(String?.self, "number")
        customerID = try row.decode(Int.self, "customer_id")
        orderID = try row.decode(Int?.self, "order_id")
        status = InvoiceStatus(rawValue: try row.decode(String.self, "status")) ?? .draft
        issueDate = try row.decode(CalendarDay?.self, "issue_date")
        dueDate = try row.decode(CalendarDay?.self, "due_date")
        currency = try row.decode(String.self, "currency")
        subtotal = try row.decode(Money.self, "subtotal")
        tax = try row.decode(Money.self, "tax")
        total = try row.decode(Money.self, "total")
        amountDue = try row.decode(Money.self, "amount_due")
        seller = try row.decode(SellerDetails.self, "seller")
        buyer = try row.decode(InvoiceBuyer.self, "buyer")
        taxName = try row.decode(String.self, "tax_name")
        taxRate = try row.decode(TaxPercent.self, "tax_rate")
        taxNote = try row.decode(String.self, "tax_note")
        pricesIncludeTax = try row.decode(Bool.self, "prices_include_tax")
        credited = try row.decode(Money.self, "credited")
        refunded = try row.decode(Money.self, "refunded")
        self.items = items
        self.payments = payments
    }
}
