import Foundation
import Postgres

/// A customer account as staff manage it.
public struct Customer: Sendable, Equatable, Encodable {
    public var id: Int
    public var email: String
    public var name: String
    public var company: String
    public var phone: String
    public var isActive: Bool
    public var twoFactorEnabled: Bool
    public var version: Int
    public var createdAt: Date
    /// Address, country, VAT number and tax exemption, for invoices.
    public var billing: BillingDetails

    enum CodingKeys: String, CodingKey {
        case id, email, name, company, phone, version
        case isActive = "is_active", twoFactorEnabled = "two_factor_enabled", createdAt = "created_at"
    }

    static let columns = "u.id, u.email, u.name, u.company, u.phone, u.is_active, u.totp_enabled_at IS NOT NULL AS two_factor, u.version, u.created_at, "
        + BillingDetails.columns

    /// The account's fields, then the billing details, in one flat object.
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id); try c.encode(email, forKey: .email); try c.encode(name, forKey: .name)
        try c.encode(company, forKey: .company); try c.encode(phone, forKey: .phone); try c.encode(isActive, forKey: .isActive)
        try c.encode(twoFactorEnabled, forKey: .twoFactorEnabled); try c.encode(version, forKey: .version)
        try c.encode(createdAt, forKey: .createdAt)
        try billing.encode(to: encoder)
    }

    init(row: PostgresRow) throws {
        id = try row.decode(Int.self, "id")
        email = try row.decode(String.self, "email")
        name = try row.decode(String.self, "name")
        company = try row.decode(String.self, "company")
        phone = try row.decode(String.self, "phone")
        isActive = try row.decode(Bool.self, "is_active")
        twoFactorEnabled = try row.decode(Bool.self, "two_factor")
        version = try row.decode(Int.self, "version")
        createdAt = try row.decode(Date.self, "created_at")
        billing = try BillingDetails(row: row)
    }
}

/// Customer fields as text from a form or JSON body; nil leaves a field unchanged on update.
public struct CustomerInput: Sendable {
    public var email: String?
    public var name: String?
    public var company: String?
    public var phone: String?
    public var password: String?
    public var isActive: String?
    /// Billing detail fields by name (`BillingDetails.fields`); absent ones stay.
    public var billing: [String: String]

    public init(email: String? = nil, name: String? = nil, company: String? = nil, phone: String? = nil, password: String? = nil, isActive: String? = nil,
                billing: [String: String] = [:]) {
        self.billing = billing
        self.email = email
        self.name = name
        self.company = company
        self.phone = phone
        self.password = password
        self.isActive = isActive
    }
}
