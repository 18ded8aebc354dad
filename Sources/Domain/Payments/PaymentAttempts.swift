import Foundation
import Postgres

/// Automatic charges of saved cards (`AutoPay`) as staff and customers see them: the staff list
/// (filter by status) and, on an invoice, why its latest automatic charge failed.
public enum PaymentAttempts {
    /// The statuses an attempt can have (the list's filter).
    public static let statuses = ["pending", "unknown", "succeeded", "failed"]

    /// Attempts newest first, optionally of one status (staff).
    public static func list(status: String?, page: PageRequest, for caller: Caller) throws -> Page<PaymentAttempt> {
        _ = try caller.staff()
        if let status, !statuses.contains(status) {
            throw DomainError.invalid("status", "must be one of \(statuses.joined(separator: ", "))")
        }
        var filter = SQLFilter()
        filter.add("a.id < ?", page.afterID)
        filter.add("a.status = ?", status)
        let rows = try caller.connection.query(
            """
            SELECT \(unescaped: PaymentAttempt.columns) FROM payment_attempts a JOIN invoices i ON i.id = a.invoice_id
            \(filter.whereClause) ORDER BY a.id DESC LIMIT \(page.limit + 1)
            """)
        return page.page(try rows.map(PaymentAttempt.init(row:)), id: \.id)
    }

    /// Why the latest automatic charge of invoice `invoiceID` failed, if it did and the invoice is still unpaid.
    static func latestFailure(invoiceID: Int, on connection: PostgresConnection) throws -> AutomaticPaymentFailure? {
        guard let row = try connection.query(
            """
            SELECT a.attempt, a.failure, a.retry_on FROM payment_attempts a JOIN invoices i ON i.id = a.invoice_id
            WHERE a.invoice_id = \(invoiceID) AND a.status = 'failed' AND i.status = 'unpaid'
              AND a.attempt = (SELECT max(attempt) FROM payment_attempts WHERE invoice_id = \(invoiceID))
            """).firstRow else { return nil }
        return AutomaticPaymentFailure(attempt: try row.decode(Int.self, "attempt"), reason: try row.decode(String.self, "failure"),
                                       nextTry: try row.decode(CalendarDay?.self, "retry_on"))
    }
}

/// "Automatic payment failed": the invoice's latest automatic charge was declined.
public struct AutomaticPaymentFailure: Sendable, Equatable, Encodable {
    public var attempt: Int
    /// The gateway's reason ("Your card was declined.").
    public var reason: String
    /// The day of the next automatic try; nil when the schedule is used up.
    public var nextTry: CalendarDay?

    enum CodingKeys: String, CodingKey { case attempt, reason, nextTry = "next_try" }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(attempt, forKey: .attempt); try c.encode(reason, forKey: .reason); try c.encode(nextTry, forKey: .nextTry)
    }
}
