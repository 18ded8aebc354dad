import Foundation
import Postgres

/// The last step of a claimed refund, once the gateway answered: completed with a credit note,
/// refused with the gateway's reason, or left pending when the outcome is unknown.
struct RefundCompletion {
    let claim: PaymentRefund
    let actor: Actor
    let origin: RequestOrigin
    let connection: PostgresConnection

    /// Asks the gateway for the claimed refund (idempotency key `refund-<id>`, the same on every ask) and completes the claim with its answer.
    func ask(_ transaction: PaymentRecords.Transaction, gateways: PaymentGateways?, at moment: Date) throws -> PaymentRefund {
        guard let gateway = PaymentGateways.module(named: transaction.gateway),
              let settings = try PaymentGateways.settings(named: transaction.gateway, on: connection) else {
            throw try refuse("No gateway module \(transaction.gateway) is installed.")
        }
        let made: GatewayRefund
        do {
            made = try gateway.refund(transaction: transaction, amount: claim.amount, settings: settings,
                                      secretKey: try gateways?.apiKey(of: transaction.gateway, on: connection), key: "refund-\(claim.id)")
        } catch let refusal as GatewayRefundRefusal {
            throw try refuse(refusal.reason)
        } catch {
            throw try unknown(error)
        }
        return try complete(made, at: moment)
    }

    /// The gateway refunded: the credit note (refund to `gateway`) and the completed claim, in one transaction.
    func complete(_ made: GatewayRefund, at moment: Date) throws -> PaymentRefund {
        do {
            return try connection.transaction { connection in
                let (_, note) = try CreditNotes.issue(invoiceID: claim.invoiceID, amount: claim.amount, reason: claim.reason, refundTo: .gateway,
                                                      actor: actor, at: moment, on: connection)
                guard let done = try connection.query(
                    """
                    UPDATE payment_refunds SET status = 'succeeded', gateway_refund_id = \(made.refundID), gateway_note = \(made.note),
                           credit_note_id = \(note.id), completed_at = now(), retry_at = NULL
                    WHERE id = \(claim.id) AND status = 'pending' RETURNING \(unescaped: PaymentRefund.columns)
                    """).map(PaymentRefund.init(row:)).first else { throw DomainError.conflict("Refund \(claim.id) was already settled.") }
                try WebhookEvents.emit("payment.refunded", key: String(claim.id), data: [
                    "refund_id": claim.id, "payment_transaction_id": claim.transactionID, "invoice_id": claim.invoiceID,
                    "amount": "\(claim.amount)", "credit_note_id": note.id,
                ], on: connection)
                try AuditLog.record(on: connection, actor: actor, action: "payment.refunded", targetType: "payment_transaction",
                                    targetID: String(claim.transactionID), before: claim, after: done, origin: origin)
                return done
            }
        } catch {
            // The money went back but the books could not follow: the claim stays pending (no second
            // refund) and keeps the gateway's refund id for staff to settle by hand.
            try connection.query(
                "UPDATE payment_refunds SET gateway_refund_id = \(made.refundID), gateway_note = \("Refunded, but no credit note: \(error)") WHERE id = \(claim.id) AND status = 'pending'")
            throw error
        }
    }

    /// The gateway refused: the claim is marked refused with its reason; returns the error for the caller.
    func refuse(_ reason: String) throws -> DomainError {
        try connection.transaction { connection in
            try connection.query(
                "UPDATE payment_refunds SET status = 'refused', refusal = \(reason), completed_at = now(), retry_at = NULL WHERE id = \(claim.id) AND status = 'pending'")
            try AuditLog.record(on: connection, actor: actor, action: "payment.refund_refused", targetType: "payment_transaction",
                                targetID: String(claim.transactionID), before: claim, after: ["refusal": reason], origin: origin)
        }
        return DomainError.conflict("The gateway refused the refund: \(reason)")
    }

    /// No clear answer (a network error): money may have moved, so the claim stays pending (blocking a second
    /// claim) and the job runner asks again at its `retry_at`, with the same idempotency key.
    func unknown(_ error: any Error) throws -> DomainError {
        try connection.query("UPDATE payment_refunds SET gateway_note = \("No clear answer from the gateway: \(error)") WHERE id = \(claim.id)")
        return DomainError.conflict("The gateway gave no clear answer; refund \(claim.id) stays pending and the portal asks the gateway again.")
    }
}
