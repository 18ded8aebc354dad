import Foundation
import Postgres

/// The company's billing settings (one row, `billing_settings`): its time zone, the invoice
/// number prefix, how many days before a period starts its renewal is invoiced (per cycle),
/// whether prices include tax, and the seller's own and bank details printed on invoices.
public struct BillingSettings: Sendable, Equatable, Encodable {
    public var timeZone: TimeZone
    public var invoicePrefix: String
    public var leadDays: [BillingCycle: Int]
    /// Whether a customer's credit is applied to each invoice as it is issued.
    public var applyCreditAutomatically: Bool = true
    /// Whether item prices already contain tax (else tax is added on top).
    public var pricesIncludeTax: Bool = false
    public var seller = SellerDetails()
    /// The zone's name as stored ("UTC" reads back from Foundation as "GMT"); '' = `timeZone`'s identifier.
    public var timeZoneName = ""

    /// The time zone's name as it is stored and shown.
    public var zoneName: String { timeZoneName.isEmpty ? timeZone.identifier : timeZoneName }

    /// The day `moment` falls on in the company's zone.
    public func today(at moment: Date) -> CalendarDay {
        CalendarDay(moment, in: timeZone)
    }

    static let columns = """
        time_zone, invoice_prefix, lead_days_monthly, lead_days_quarterly, lead_days_yearly, apply_credit_automatically, prices_include_tax,
        seller_company, seller_address, seller_country, seller_vat_number, seller_registration_number, bank_name, bank_iban, bank_bic,
        payment_instructions
        """

    /// The settings as an admin sees them (anyone else: forbidden).
    public static func current(for caller: Caller) throws -> BillingSettings {
        _ = try caller.admin()
        return try load(on: caller.connection)
    }

    /// The settings row.
    public static func load(on connection: PostgresConnection) throws -> BillingSettings {
        let row = try connection.query("SELECT \(unescaped: columns) FROM billing_settings")[0]
        let zoneName = try row.decode(String.self, "time_zone")
        var seller = SellerDetails()
        seller.company = try row.decode(String.self, "seller_company")
        seller.address = try row.decode(String.self, "seller_address")
        seller.country = try row.decode(String.self, "seller_country")
        seller.vatNumber = try row.decode(String.self, "seller_vat_number")
        seller.registrationNumber = try row.decode(String.self, "seller_registration_number")
        seller.bankName = try row.decode(String.self, "bank_name")
        seller.iban = try row.decode(String.self, "bank_iban")
        seller.bic = try row.decode(String.self, "bank_bic")
        seller.paymentInstructions = try row.decode(String.self, "payment_instructions")
        return BillingSettings(
            timeZone: TimeZone(identifier: zoneName) ?? TimeZone(identifier: "UTC")!,
            invoicePrefix: try row.decode(String.self, "invoice_prefix"),
            leadDays: [.monthly: try row.decode(Int.self, "lead_days_monthly"), .quarterly: try row.decode(Int.self, "lead_days_quarterly"),
                       .yearly: try row.decode(Int.self, "lead_days_yearly")],
            applyCreditAutomatically: try row.decode(Bool.self, "apply_credit_automatically"),
            pricesIncludeTax: try row.decode(Bool.self, "prices_include_tax"), seller: seller, timeZoneName: zoneName)
    }

    /// As `GET /api/v1/settings/billing` shows it: flat, named as the settings row and the update input.
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: FieldKey.self)
        let values: [(String, any Encodable)] = [
            ("time_zone", zoneName), ("invoice_prefix", invoicePrefix), ("lead_days_monthly", leadDays[.monthly] ?? 14),
            ("lead_days_quarterly", leadDays[.quarterly] ?? 14), ("lead_days_yearly", leadDays[.yearly] ?? 14),
            ("apply_credit_automatically", applyCreditAutomatically), ("prices_include_tax", pricesIncludeTax),
            ("seller_company", seller.company), ("seller_address", seller.address), ("seller_country", seller.country),
            ("seller_vat_number", seller.vatNumber), ("seller_registration_number", seller.registrationNumber), ("bank_name", seller.bankName),
            ("bank_iban", seller.iban), ("bank_bic", seller.bic), ("payment_instructions", seller.paymentInstructions),
        ]
        for (name, value) in values { try c.encode(value, forKey: FieldKey(name)) }
    }

    /// A coding key made from a field name.
    struct FieldKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(_ name: String) { stringValue = name }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }
}
