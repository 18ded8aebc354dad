import Foundation
import Postgres

/// A refund of a gateway payment (`payment_refunds`): `pending` while the gateway is asked,
/// then `succeeded` (the gateway's refund id, the credit note it became) or `refused` (why).
public struct PaymentRefund: Sendable, Encodable, Equatable {
    public enum Status: String, Sendable, Encodable {
        case pending, succeeded, refused
    }

    public var id: Int
    public var transactionID: Int
    public var gateway: String
    public var invoiceID: Int
    public var amount: Money
    public var currency: String
    public var reason: String
    public var status: Status
    public var gatewayRefundID: String?
    public var gatewayNote: String
    public var refusal: String
    public var creditNoteID: Int?
    public var createdBy: String
    public var createdAt: Date
    public var completedAt: Date?
    /// How many times the gateway was asked, and when it is asked next (nil: no more asks).
    public var attempts: Int
    public var retryAt: Date?
    /// Still pending after the last ask: staff settle or refuse it by hand.
    public var needsAttention: Bool { status == .pending && retryAt == nil }

    enum CodingKeys: String, CodingKey {
        case id, gateway, amount, currency, reason, status, refusal
        case transactionID = "transaction_id", invoiceID = "invoice_id", gatewayRefundID = "gateway_refund_id", gatewayNote = "gateway_note",
             creditNoteID = "credit_note_id", createdBy = "created_by", createdAt = "created_at", completedAt = "completed_at"
        case attempts, retryAt = "retry_at", needsAttention = "needs_attention"
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id); try c.encode(transactionID, forKey: .transactionID); try c.encode(gateway, forKey: .gateway)
        try c.encode(invoiceID, forKey: .invoiceID); try c.encode(amount, forKey: .amount); try c.encode(currency, forKey: .currency)
        try c.encode(reason, forKey: .reason); try c.encode(status, forKey: .status); try c.encode(gatewayRefundID, forKey: .gatewayRefundID)
        try c.encode(gatewayNote, forKey: .gatewayNote); try c.encode(refusal, forKey: .refusal); try c.encode(creditNoteID, forKey: .creditNoteID)
        try c.encode(createdBy, forKey: .createdBy); try c.encode(createdAt, forKey: .createdAt); try c.encode(completedAt, forKey: .completedAt)
        try c.encode(attempts, forKey: .attempts); try c.encode(retryAt, forKey: .retryAt); try c.encode(needsAttention, forKey: .needsAttention)
    }

    static let columns = """
        id, transaction_id, gateway, invoice_id, amount, currency, reason, status, gateway_refund_id, gateway_note, refusal, credit_note_id,
        created_label, created_at, completed_at, attempts, retry_at
        """

    init(row: PostgresRow) throws {
        id = try row.decode(Int.self, "id")
        transactionID = try row.decode(Int.self, "transaction_id")
        gateway = try row.decode(String.self, "gateway")
        invoiceID = try row.decode(Int.self, "invoice_id")
        amount = try row.decode(Money.self, "amount")
        currency = try row.decode(String.self, "currency")
        reason = try row.decode(String.self, "reason")
        status = Status(rawValue: try row.decode(String.self, "status")) ?? .pending
        gatewayRefundID = try row.decode(String?.self, "gateway_refund_id")
        gatewayNote = try row.decode(String.self, "gateway_note")
        refusal = try row.decode(String.self, "refusal")
        creditNoteID = try row.decode(Int?.self, "credit_note_id")
        createdBy = try row.decode(String.self, "created_label")
        createdAt = try row.decode(Date.self, "created_at")
        completedAt = try row.decode(Date?.self, "completed_at")
        attempts = try row.decode(Int.self, "attempts")
        retryAt = try row.decode(Date?.self, "retry_at")
    }
}
