import Foundation
import Postgres

/// Where the refunded part of a credit note goes: the customer's credit balance (a ledger entry
/// of kind `refund`), back outside the portal (a bank transfer made by staff, recorded here), or
/// back through the payment's own gateway (`PaymentRefunds` only, never chosen on a credit note).
public enum RefundDestination: String, Sendable, Codable, CaseIterable {
    case creditBalance = "credit_balance"
    case outside
    case gateway

    /// What staff may choose on a credit note: a gateway refund goes through `PaymentRefunds`.
    public static let staffChoices: [RefundDestination] = [.creditBalance, .outside]
}

/// A correction of an issued invoice (which itself never changes): `amount` of its total is
/// credited; `reducedDue` of that lowered what was still owed and `refunded` of it returned money
/// already paid, to `refundTo`. Numbered gaplessly per year with its own prefix (`CN-2026-000001`).
public struct CreditNote: Sendable, Equatable, Encodable {
    public var id: Int
    public var number: String
    public var invoiceID: Int
    public var customerID: Int
    public var issueDate: CalendarDay
    public var currency: String
    public var amount: Money
    public var reducedDue: Money
    public var refunded: Money
    public var refundTo: RefundDestination?
    public var reason: String
    public var createdBy: String
    public var createdAt: Date

    enum CodingKeys: String, CodingKey {
        case id, number, currency, amount, refunded, reason
        case invoiceID = "invoice_id", customerID = "customer_id", issueDate = "issue_date", reducedDue = "reduced_due",
             refundTo = "refund_to", createdBy = "created_by", createdAt = "created_at"
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id); try c.encode(number, forKey: .number); try c.encode(invoiceID, forKey: .invoiceID)
        try c.encode(customerID, forKey: .customerID); try c.encode(issueDate, forKey: .issueDate); try c.encode(currency, forKey: .currency)
        try c.encode(amount, forKey: .amount); try c.encode(reducedDue, forKey: .reducedDue); try c.encode(refunded, forKey: .refunded)
        try c.encode(refundTo, forKey: .refundTo); try c.encode(reason, forKey: .reason); try c.encode(createdBy, forKey: .createdBy)
        try c.encode(createdAt, forKey: .createdAt)
    }

    static let columns = """
        id, number, invoice_id, customer_id, issue_date, currency, amount, reduced_due, refunded, refund_to, reason, created_label, created_at
        """

    init(row: PostgresRow) throws {
        id = try row.decode(Int.self, "id")
        number = try row.decode(String.self, "number")
        invoiceID = try row.decode(Int.self, "invoice_id")
        customerID = try row.decode(Int.self, "customer_id")
        issueDate = try row.decode(CalendarDay.self, "issue_date")
        currency = try row.decode(String.self, "currency")
        amount = try row.decode(Money.self, "amount")
        reducedDue = try row.decode(Money.self, "reduced_due")
        refunded = try row.decode(Money.self, "refunded")
        refundTo = try row.decode(String?.self, "refund_to").flatMap(RefundDestination.init(rawValue:))
        reason = try row.decode(String.self, "reason")
        createdBy = try row.decode(String.self, "created_label")
        createdAt = try row.decode(Date.self, "created_at")
    }
}
