import Foundation
import Postgres

/// Staff refund a gateway payment in full or in part (2FA step-up), exactly once. Three steps:
/// the refund is claimed as a `pending` row under the transaction's row lock and committed (a
/// second request meets it: 409, the gateway is not called again); the gateway is asked; its
/// answer completes the claim — a credit note on the invoice (`CreditNotes`, refund to `gateway`,
/// so the invoice's refunded amount and `paid → refunded` follow as for any credit note) — or
/// marks it refused with the gateway's reason, nothing else changed. No clear answer leaves it
/// pending for `RefundRetries` (the claim already carries its first retry time, so even a request
/// that died mid-call is asked again).
public struct PaymentRefunds: Sendable {
    public let twoFactor: TwoFactor
    /// Opens the gateway's API key (gateways that call an API need it).
    public let gateways: PaymentGateways?

    public init(twoFactor: TwoFactor, gateways: PaymentGateways? = nil) {
        self.twoFactor = twoFactor
        self.gateways = gateways
    }

    /// Refunds `amount` of gateway transaction `transactionID` (what `/api/v1/payments` lists).
    public func refund(transactionID: Int, amount: Money, reason: String, by caller: Caller, code: String?, at moment: Date = Date()) throws
        -> PaymentRefund {
        let staff = try caller.staff()
        let reason = try CreditNotes.checked(amount: amount, reason: reason)
        let actor = Actor(staff)
        let (claim, transaction) = try StepUp.run(on: caller.connection, actor: staff, code: code, twoFactor: twoFactor, origin: caller.origin,
                                                  action: "payment.refunded") { connection in
            let claimed = try Self.claim(transactionID: transactionID, amount: amount, reason: reason, actor: actor, on: connection)
            try AuditLog.record(on: connection, actor: actor, action: "payment.refund_requested", targetType: "payment_transaction",
                                targetID: String(transactionID), after: claimed.0, origin: caller.origin)
            return claimed
        }
        return try RefundCompletion(claim: claim, actor: actor, origin: caller.origin, connection: caller.connection)
            .ask(transaction, gateways: gateways, at: moment)
    }

    /// Claims the refund: checks it against what is still refundable under the transaction's row lock and inserts it `pending`.
    static func claim(transactionID: Int, amount: Money, reason: String, actor: Actor, on connection: PostgresConnection) throws
        -> (PaymentRefund, PaymentRecords.Transaction) {
        guard let transaction = try connection.query(
            """
            SELECT \(unescaped: PaymentRecords.Transaction.columns) FROM payment_transactions t JOIN invoices i ON i.id = t.invoice_id
            WHERE t.id = \(transactionID) FOR UPDATE OF t
            """).firstRow.map(PaymentRecords.Transaction.init(row:)) else { throw DomainError.notFound("No such payment.") }
        guard transaction.paymentID != nil else {
            throw DomainError.conflict("This payment was never applied to its invoice (\(transaction.flagReason)); there is nothing to refund.")
        }
        if let pending = try connection.query(
            "SELECT id FROM payment_refunds WHERE transaction_id = \(transactionID) AND status = 'pending'").firstRow {
            throw DomainError.conflict("Refund \(try pending.decode(Int.self, "id")) of this payment is still in progress; it is not sent twice.")
        }
        guard let invoice = try Invoices.find(id: transaction.invoiceID, on: connection) else { throw DomainError.notFound("No such invoice.") }
        guard invoice.status == .paid else {
            throw DomainError.conflict("The invoice is \(invoice.status.rawValue); only the payment of a paid invoice can be refunded.")
        }
        let refunded = try connection.query(
            "SELECT coalesce(sum(amount), 0) AS refunded FROM payment_refunds WHERE transaction_id = \(transactionID) AND status = 'succeeded'"
        )[0].decode(Money.self, "refunded")
        let refundable = min(Money(cents: transaction.amount.cents - refunded.cents), invoice.creditable)
        guard refundable.cents > 0 else { throw DomainError.conflict("Nothing of this payment is left to refund.") }
        guard amount <= refundable else {
            throw DomainError.invalid("amount", "must be at most \(refundable), what is still refundable of this payment")
        }
        let claim = try connection.query(
            """
            INSERT INTO payment_refunds (transaction_id, gateway, invoice_id, amount, currency, reason, created_by, created_label, retry_at)
            VALUES (\(transactionID), \(transaction.gateway), \(transaction.invoiceID), \(amount), \(transaction.currency), \(reason),
                    \(actor.userID), \(actor.label), now() + \(unescaped: RefundRetries.firstRetry))
            RETURNING \(unescaped: PaymentRefund.columns)
            """).map(PaymentRefund.init(row:))[0]
        return (claim, transaction)
    }

}
