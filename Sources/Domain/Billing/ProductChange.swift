import Foundation
import Postgres

/// One requested product change of a service (`service_product_changes`): `pending` while its
/// upgrade invoice is unpaid, `applied` once the server has the new product, `cancelled` when
/// that invoice was cancelled.
public struct ProductChange: Sendable, Equatable, Encodable {
    public var id: Int
    public var serviceID: Int
    public var fromProductID: Int?
    public var toProductID: Int
    public var billingCycle: String
    public var oldAmount: Money
    public var newAmount: Money
    /// Positive: invoiced; negative: credited; zero: neither.
    public var difference: Money
    public var remainingDays: Int
    public var periodDays: Int
    public var status: String
    public var invoiceID: Int?
    public var creditEntryID: Int?
    public var jobID: Int?
    public var requestedAt: Date
    public var appliedAt: Date?

    enum CodingKeys: String, CodingKey {
        case id, difference, status
        case serviceID = "service_id", fromProductID = "from_product_id", toProductID = "to_product_id", billingCycle = "billing_cycle"
        case oldAmount = "old_amount", newAmount = "new_amount", remainingDays = "remaining_days", periodDays = "period_days"
        case invoiceID = "invoice_id", creditEntryID = "credit_entry_id", jobID = "job_id", requestedAt = "requested_at", appliedAt = "applied_at"
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id); try c.encode(serviceID, forKey: .serviceID); try c.encode(fromProductID, forKey: .fromProductID)
        try c.encode(toProductID, forKey: .toProductID); try c.encode(billingCycle, forKey: .billingCycle)
        try c.encode(oldAmount, forKey: .oldAmount); try c.encode(newAmount, forKey: .newAmount); try c.encode(difference, forKey: .difference)
        try c.encode(remainingDays, forKey: .remainingDays); try c.encode(periodDays, forKey: .periodDays); try c.encode(status, forKey: .status)
        try c.encode(invoiceID, forKey: .invoiceID); try c.encode(creditEntryID, forKey: .creditEntryID); try c.encode(jobID, forKey: .jobID)
        try c.encode(requestedAt, forKey: .requestedAt); try c.encode(appliedAt, forKey: .appliedAt)
    }

    static let columns = """
        id, service_id, from_product_id, to_product_id, billing_cycle, old_amount, new_amount, difference, remaining_days, period_days,
        status, invoice_id, credit_entry_id, job_id, requested_at, applied_at
        """

    init(row: PostgresRow) throws {
        id = try row.decode(Int.self, "id")
        serviceID = try row.decode(Int.self, "service_id")
        fromProductID = try row.decode(Int?.self, "from_product_id")
        toProductID = try row.decode(Int.self, "to_product_id")
        billingCycle = try row.decode(String.self, "billing_cycle")
        oldAmount = try row.decode(Money.self, "old_amount")
        newAmount = try row.decode(Money.self, "new_amount")
        difference = try row.decode(Money.self, "difference")
        remainingDays = try row.decode(Int.self, "remaining_days")
        periodDays = try row.decode(Int.self, "period_days")
        status = try row.decode(String.self, "status")
        invoiceID = try row.decode(Int?.self, "invoice_id")
        creditEntryID = try row.decode(Int?.self, "credit_entry_id")
        jobID = try row.decode(Int?.self, "job_id")
        requestedAt = try row.decode(Date.self, "requested_at")
        appliedAt = try row.decode(Date?.self, "applied_at")
    }

    /// The service's pending change, if any.
    static func pending(serviceID: Int, on connection: PostgresConnection) throws -> ProductChange? {
        try connection.query("SELECT \(columns) FROM service_product_changes WHERE service_id = $1 AND status = 'pending'", [serviceID])
            .firstRow.map(ProductChange.init(row:))
    }
}
