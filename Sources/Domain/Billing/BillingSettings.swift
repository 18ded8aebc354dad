import Foundation
import Postgres

/// The company's billing settings (one row, `billing_settings`): its time zone, the invoice
/// number prefix and how many days before a period starts its renewal is invoiced, per cycle.
public struct BillingSettings: Sendable, Equatable {
    public var timeZone: TimeZone
    public var invoicePrefix: String
    public var leadDays: [BillingCycle: Int]
    /// Whether a customer's credit is applied to each invoice as it is issued.
    public var applyCreditAutomatically: Bool = true

    /// The day `moment` falls on in the company's zone.
    public func today(at moment: Date) -> CalendarDay {
        CalendarDay(moment, in: timeZone)
    }

    /// The settings row.
    public static func load(on connection: PostgresConnection) throws -> BillingSettings {
        let row = try connection.query(
            """
            SELECT time_zone, invoice_prefix, lead_days_monthly, lead_days_quarterly, lead_days_yearly, apply_credit_automatically
            FROM billing_settings
            """)[0]
        let zoneName = try row.decode(String.self, "time_zone")
        return BillingSettings(
            timeZone: TimeZone(identifier: zoneName) ?? TimeZone(identifier: "UTC")!,
            invoicePrefix: try row.decode(String.self, "invoice_prefix"),
            leadDays: [.monthly: try row.decode(Int.self, "lead_days_monthly"), .quarterly: try row.decode(Int.self, "lead_days_quarterly"),
                       .yearly: try row.decode(Int.self, "lead_days_yearly")],
            applyCreditAutomatically: try row.decode(Bool.self, "apply_credit_automatically"))
    }
}
