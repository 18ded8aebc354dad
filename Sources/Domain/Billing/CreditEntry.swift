import Foundation
import Postgres

/// One line of a customer's credit ledger (append-only): positive when credit goes in (staff,
/// an overpayment's excess), negative when it is applied to an invoice.
public struct CreditEntry: Sendable, Equatable, Encodable {
    public var id: Int
    public var amount: Money
    public var currency: String
    public var kind: String
    public var reason: String
    public var invoiceID: Int?
    public var actor: String
    public var createdAt: Date

    enum CodingKeys: String, CodingKey {
        case id, amount, currency, kind, reason, actor
        case invoiceID = "invoice_id", createdAt = "created_at"
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id); try c.encode(amount, forKey: .amount); try c.encode(currency, forKey: .currency)
        try c.encode(kind, forKey: .kind); try c.encode(reason, forKey: .reason); try c.encode(invoiceID, forKey: .invoiceID)
        try c.encode(actor, forKey: .actor); try c.encode(createdAt, forKey: .createdAt)
    }

    static let columns = "id, amount, currency, kind, reason, invoice_id, actor_label, created_at"

    init(row: PostgresRow) throws {
        id = try row.decode(Int.self, "id")
        amount = try row.decode(Money.self, "amount")
        currency = try row.decode(String.self, "currency")
        kind = try row.decode(String.self, "kind")
        reason = try row.decode(String.self, "reason")
        invoiceID = try row.decode(Int?.self, "invoice_id")
        actor = try row.decode(String.self, "actor_label")
        createdAt = try row.decode(Date.self, "created_at")
    }
}

/// A customer's credit: the balance (the sum of the entries, never stored) and the entries, newest first.
public struct CreditAccount: Sendable, Equatable, Encodable {
    public var customerID: Int
    public var currency: String
    public var balance: Money
    public var entries: [CreditEntry]

    enum CodingKeys: String, CodingKey {
        case currency, balance, entries
        case customerID = "customer_id"
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(customerID, forKey: .customerID); try c.encode(currency, forKey: .currency)
        try c.encode(balance, forKey: .balance); try c.encode(entries, forKey: .entries)
    }
}
