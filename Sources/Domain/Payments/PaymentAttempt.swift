import Foundation
import Postgres

/// One automatic charge of a saved card for an invoice (`payment_attempts`).
public struct PaymentAttempt: Sendable, Equatable, Encodable {
    public var id: Int
    public var invoiceID: Int
    public var invoiceNumber: String?
    public var customerID: Int
    public var gateway: String
    public var attempt: Int
    public var amount: Money
    public var currency: String
    /// `pending`, `unknown` (no answer yet: asked again at `nextCallAt`), `succeeded` or `failed`.
    public var status: String
    public var failure: String
    public var retryOn: CalendarDay?
    public var calls: Int
    public var nextCallAt: Date?
    public var gatewayPaymentID: String?
    public var createdAt: Date
    public var completedAt: Date?

    enum CodingKeys: String, CodingKey {
        case id, gateway, attempt, amount, currency, status, failure, calls
        case invoiceID = "invoice_id", invoiceNumber = "invoice_number", customerID = "customer_id", retryOn = "retry_on",
             nextCallAt = "next_call_at", gatewayPaymentID = "gateway_payment_id", createdAt = "created_at", completedAt = "completed_at"
    }

    static let columns = """
        a.id, a.invoice_id, i.number, a.customer_id, a.gateway, a.attempt, a.amount, a.currency, a.status, a.failure, a.retry_on, a.calls,
        a.next_call_at, a.gateway_payment_id, a.created_at, a.completed_at
        """

    init(row: PostgresRow) throws {
        id = try row.decode(Int.self, "id")
        invoiceID = try row.decode(Int.self, "invoice_id")
        invoiceNumber = try row.decode(String?.self, "number")
        customerID = try row.decode(Int.self, "customer_id")
        gateway = try row.decode(String.self, "gateway")
        attempt = try row.decode(Int.self, "attempt")
        amount = try row.decode(Money.self, "amount")
        currency = try row.decode(String.self, "currency")
        status = try row.decode(String.self, "status")
        failure = try row.decode(String.self, "failure")
        retryOn = try row.decode(CalendarDay?.self, "retry_on")
        calls = try row.decode(Int.self, "calls")
        nextCallAt = try row.decode(Date?.self, "next_call_at")
        gatewayPaymentID = try row.decode(String?.self, "gateway_payment_id")
        createdAt = try row.decode(Date.self, "created_at")
        completedAt = try row.decode(Date?.self, "completed_at")
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id); try c.encode(invoiceID, forKey: .invoiceID); try c.encode(invoiceNumber, forKey: .invoiceNumber)
        try c.encode(customerID, forKey: .customerID); try c.encode(gateway, forKey: .gateway); try c.encode(attempt, forKey: .attempt)
        try c.encode(amount, forKey: .amount); try c.encode(currency, forKey: .currency); try c.encode(status, forKey: .status)
        try c.encode(failure, forKey: .failure); try c.encode(retryOn, forKey: .retryOn); try c.encode(calls, forKey: .calls)
        try c.encode(nextCallAt, forKey: .nextCallAt); try c.encode(gatewayPaymentID, forKey: .gatewayPaymentID)
        try c.encode(createdAt, forKey: .createdAt); try c.encode(completedAt, forKey: .completedAt)
    }
}
