import Foundation
import Postgres

/// A payment started for an invoice (`checkout_sessions`): `open` until the gateway's
/// notification is applied (`paid`) or the payment page declines it (`declined`).
public struct CheckoutSessionRecord: Sendable, Encodable, Equatable {
    public enum Status: String, Sendable, Codable { case open, paid, declined }

    public var id: String
    public var invoiceID: Int
    public var customerID: Int
    public var gateway: String
    public var gatewaySessionID: String
    public var amount: Money
    public var currency: String
    public var status: Status
    public var createdAt: Date

    enum CodingKeys: String, CodingKey {
        case id, gateway, amount, currency, status
        case invoiceID = "invoice_id", customerID = "customer_id", gatewaySessionID = "gateway_session_id", createdAt = "created_at"
    }

    static let columns = "id, invoice_id, customer_id, gateway, gateway_session_id, amount, currency, status, created_at"

    init(row: PostgresRow) throws {
        id = try row.decode(String.self, "id")
        invoiceID = try row.decode(Int.self, "invoice_id")
        customerID = try row.decode(Int.self, "customer_id")
        gateway = try row.decode(String.self, "gateway")
        gatewaySessionID = try row.decode(String.self, "gateway_session_id")
        amount = try row.decode(Money.self, "amount")
        currency = try row.decode(String.self, "currency")
        status = Status(rawValue: try row.decode(String.self, "status")) ?? .open
        createdAt = try row.decode(Date.self, "created_at")
    }

    /// Where the customer comes back to after paying.
    public var returnPath: String { "/my/invoices/\(invoiceID)?checkout=\(id)" }
}
