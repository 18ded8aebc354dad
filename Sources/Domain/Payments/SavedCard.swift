import Foundation
import Postgres

/// A card saved at a gateway (`saved_payment_methods`): what the customer recognises it by
/// (brand, last four digits, expiry) and whether renewals charge it automatically. Never a number.
public struct SavedCard: Sendable, Encodable, Equatable {
    public enum Status: String, Sendable, Codable { case active, removed }

    public var id: Int
    public var customerID: Int
    public var gateway: String
    public var brand: String
    public var last4: String
    public var expMonth: Int
    public var expYear: Int
    public var autoPay: Bool
    public var status: Status
    public var createdAt: Date

    enum CodingKeys: String, CodingKey {
        case id, gateway, brand, last4, status
        case customerID = "customer_id", expMonth = "exp_month", expYear = "exp_year", autoPay = "auto_pay", createdAt = "created_at"
    }

    static let columns = "id, customer_id, gateway, brand, last4, exp_month, exp_year, auto_pay, status, created_at"

    init(row: PostgresRow) throws {
        id = try row.decode(Int.self, "id")
        customerID = try row.decode(Int.self, "customer_id")
        gateway = try row.decode(String.self, "gateway")
        brand = try row.decode(String.self, "brand")
        last4 = try row.decode(String.self, "last4")
        expMonth = try row.decode(Int.self, "exp_month")
        expYear = try row.decode(Int.self, "exp_year")
        autoPay = try row.decode(Bool.self, "auto_pay")
        status = Status(rawValue: try row.decode(String.self, "status")) ?? .active
        createdAt = try row.decode(Date.self, "created_at")
    }

    /// "MM/YYYY", as printed on the card.
    public var expiry: String { (expMonth < 10 ? "0" : "") + "\(expMonth)/\(expYear)" }
}

/// How a hosted "add a card" page ended, as far as the portal knows: `open` until the gateway's
/// notification is applied (`saved`).
public enum CardSetupStatus: String, Sendable, Codable { case open, saved, failed }
