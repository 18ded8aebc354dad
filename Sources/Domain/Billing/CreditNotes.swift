import Foundation
import Postgres

/// Staff credit an issued invoice (2FA step-up). Under the invoice's row lock, at most what is
/// still creditable (total − already credited): on an unpaid invoice the credit first lowers the
/// amount due — reaching 0 settles it like a payment (status `paid`, its order handed over, its
/// services renewed: a credit note is a discount, not a void; to void, cancel; a pending order's
/// invoice is settled by paying or editing the order, never by a credit note) — and the rest is a
/// refund of money already paid, to the credit balance or outside the portal. When the whole total
/// is credited and some of it was refunded, the invoice is `refunded`.
public struct CreditNotes: Sendable {
    public let twoFactor: TwoFactor

    public init(twoFactor: TwoFactor) {
        self.twoFactor = twoFactor
    }

    /// Creates a credit note of `amount` on invoice `invoiceID`; `refundTo` is needed when part of it refunds money paid.
    public func create(
        invoiceID: Int, amount: Money, reason: String, refundTo: RefundDestination?, by caller: Caller, code: String?, at moment: Date = Date()
    ) throws -> CreditNote {
        let staff = try caller.staff()
        let reason = try Self.checked(amount: amount, reason: reason)
        return try StepUp.run(on: caller.connection, actor: staff, code: code, twoFactor: twoFactor, origin: caller.origin,
                              action: "invoice.credited") { connection in
            let (before, note) = try Self.issue(invoiceID: invoiceID, amount: amount, reason: reason, refundTo: refundTo, actor: Actor(staff),
                                                at: moment, on: connection)
            try AuditLog.record(on: connection, actor: Actor(staff), action: "invoice.credited", targetType: "invoice",
                                targetID: String(invoiceID), before: before, after: note, origin: caller.origin)
            return note
        }
    }

    /// The reason, trimmed, when `amount` and `reason` are acceptable at all.
    static func checked(amount: Money, reason: String) throws -> String {
        guard amount.cents > 0 else { throw DomainError.invalid("amount", "must be more than 0.00") }
        guard amount <= Money.maximum else { throw DomainError.invalid("amount", "is too large") }
        let reason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (1...500).contains(reason.count) else { throw DomainError.invalid("reason", "must be 1 to 500 characters") }
        return reason
    }

    /// Issues the credit note in the caller's transaction (or its own); returns the invoice as it was and the note.
    static func issue(
        invoiceID: Int, amount: Money, reason: String, refundTo: RefundDestination?, actor: Actor, at moment: Date, on connection: PostgresConnection
    ) throws -> (Invoice, CreditNote) {
        try connection.transaction { connection in
            guard let invoice = try Invoices.find(id: invoiceID, on: connection, lock: true) else { throw DomainError.notFound("No such invoice.") }
            guard invoice.status == .unpaid || invoice.status == .paid else {
                throw DomainError.conflict("The invoice is \(invoice.status.rawValue); only an unpaid or paid invoice can be credited.")
            }
            let creditable = invoice.creditable
            guard creditable.cents > 0 else { throw DomainError.conflict("The invoice's whole total is credited already.") }
            guard amount <= creditable else {
                throw DomainError.invalid("amount", "must be at most \(creditable), what is still creditable (total less credit notes)")
            }
            let reducedDue = invoice.status == .unpaid ? min(amount, invoice.amountDue) : .zero
            let refund = Money(cents: amount.cents - reducedDue.cents)
            if invoice.status == .unpaid, reducedDue == invoice.amountDue, let orderID = invoice.orderID,
               try connection.query("SELECT 1 FROM orders WHERE id = $1 AND status = 'pending'", [orderID]).count == 1 {
                throw DomainError.conflict("The invoice belongs to pending order \(orderID); a credit note cannot settle it — edit the order's prices instead.")
            }
            guard refund.cents == 0 || refundTo != nil else {
                throw DomainError.invalid("refund_to", "is required: \(refund) of this returns money paid; choose credit_balance or outside")
            }
            let today = try BillingSettings.load(on: connection).today(at: moment)
            let prefix = try connection.query("SELECT credit_note_prefix FROM billing_settings")[0].decode(String.self, "credit_note_prefix")
            let sequence = try connection.query(
                """
                INSERT INTO credit_note_number_counters AS c (year, last_number) VALUES ($1, 1)
                ON CONFLICT (year) DO UPDATE SET last_number = c.last_number + 1 RETURNING last_number
                """, [today.year])[0].decode(Int.self, "last_number")
            let note = try connection.query(
                """
                INSERT INTO credit_notes (invoice_id, customer_id, number, number_year, number_seq, issue_date, currency, amount, reduced_due,
                                          refunded, refund_to, reason, created_by, created_label)
                VALUES (\(invoiceID), \(invoice.customerID), \(prefix + String(today.year) + "-" + String(format: "%06d", sequence)),
                        \(today.year), \(sequence), \(today), \(invoice.currency), \(amount), \(reducedDue), \(refund),
                        \(refund.cents > 0 ? refundTo?.rawValue : nil), \(reason), \(actor.userID), \(actor.label))
                RETURNING \(unescaped: CreditNote.columns)
                """).map(CreditNote.init(row:))[0]
            let status = try connection.query(
                """
                UPDATE invoices SET credited = credited + $2, refunded = refunded + $3, amount_due = amount_due - $4,
                       status = CASE WHEN credited + $2 = total AND refunded + $3 > 0 THEN 'refunded'
                                     WHEN status = 'unpaid' AND amount_due - $4 = 0 THEN 'paid' ELSE status END,
                       paid_at = CASE WHEN status = 'unpaid' AND amount_due - $4 = 0 THEN now() ELSE paid_at END,
                       refunded_at = CASE WHEN credited + $2 = total AND refunded + $3 > 0 THEN now() ELSE refunded_at END
                WHERE id = $1 RETURNING status
                """, [invoiceID, amount, refund, reducedDue])[0].decode(String.self, "status")
            if refund.cents > 0, refundTo == .creditBalance {
                try CreditLedger.creditRefund(note, invoiceNumber: invoice.number ?? String(invoiceID), actor: actor, on: connection)
            }
            if invoice.status == .unpaid, status != InvoiceStatus.unpaid.rawValue {
                try InvoicePayments.settled(invoice, actor: actor, today: today, bumpOrderVersion: true, on: connection)
            }
            return (invoice, note)
        }
    }
}
