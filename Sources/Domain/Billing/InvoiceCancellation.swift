import Foundation
import Postgres

/// Staff cancel an unpaid invoice (2FA step-up). It keeps its number; the periods it billed are
/// released, so the next billing run invoices them again (on a new invoice with a new number).
public struct InvoiceCancellation: Sendable {
    public let twoFactor: TwoFactor

    public init(twoFactor: TwoFactor) {
        self.twoFactor = twoFactor
    }

    /// Cancels `invoiceID`; a paid, refunded or already cancelled one, or one with payments, is a conflict.
    public func cancel(invoiceID: Int, by caller: Caller, code: String?) throws -> Invoice {
        let staff = try caller.staff()
        return try StepUp.run(on: caller.connection, actor: staff, code: code, twoFactor: twoFactor, origin: caller.origin,
                              action: "invoice.cancelled") { connection in
            guard let before = try Invoices.find(id: invoiceID, on: connection, lock: true) else { throw DomainError.notFound("No such invoice.") }
            guard before.status.cancellable else { throw DomainError.conflict("The invoice is \(before.status.rawValue); it cannot be cancelled.") }
            if let orderID = before.orderID,
               try connection.query("SELECT 1 FROM orders WHERE id = $1 AND status = 'pending'", [orderID]).count == 1 {
                throw DomainError.conflict("The invoice belongs to pending order \(orderID); cancel the order instead.")
            }
            guard before.payments.allSatisfy({ $0.method == "credit" }) else {
                throw DomainError.conflict("The invoice has payments recorded; it cannot be cancelled.")
            }
            try InvoiceCancellation.release(invoiceID: invoiceID, on: connection)
            try connection.query("UPDATE invoices SET status = 'cancelled', cancelled_at = now() WHERE id = $1", [invoiceID])
            try CreditLedger.returnApplied(invoiceID: invoiceID, on: connection)
            try ServiceProductChange.invoiceCancelled(invoiceID: invoiceID, on: connection)
            let after = try Invoices.find(id: invoiceID, on: connection)!
            try AuditLog.record(on: connection, actor: Actor(staff), action: "invoice.cancelled", targetType: "invoice",
                                targetID: String(invoiceID), before: before, after: after, origin: caller.origin)
            return after
        }
    }

    /// Releases the periods invoice `invoiceID` billed (its services' invoiced-until dates move back), so the next run bills them again.
    static func release(invoiceID: Int, on connection: PostgresConnection) throws {
        try connection.query(
            """
            WITH released AS (DELETE FROM billing_periods WHERE invoice_id = $1 RETURNING service_id, period_start)
            UPDATE server_instances s SET invoiced_until = least(s.invoiced_until, r.first_start)
            FROM (SELECT service_id, min(period_start) AS first_start FROM released GROUP BY service_id) r WHERE s.id = r.service_id
            """, [invoiceID])
    }
}
