import Foundation
import Postgres

/// Applies stored gateway notifications, each exactly once, from `vpsctl jobs`: taken with
/// `FOR UPDATE SKIP LOCKED` like the PDF render queue, retried with the jobs' backoff.
///
/// Exactly once is the database's doing: the invoice row is locked first (concurrent deliveries
/// of one payment queue behind each other), then the transaction row is inserted with ON
/// CONFLICT DO NOTHING — if it was already there, nothing else happens — and the payment, the
/// checkout session and the notification change in that same transaction.
public enum PaymentEventQueue {
    /// Takes the next queued notification for runner `runnerKey` and applies it; false when none was ready.
    /// `gateways` opens API keys for events that ask the gateway (a saved card's details).
    public static func runNext(runnerKey: Int64, gateways: PaymentGateways? = nil, at moment: Date = Date(),
                               on connection: PostgresConnection) throws -> Bool {
        guard let taken = try SideQueue.take(table: "payment_notifications", key: "id", runnerKey: runnerKey,
                                             returning: "id, attempts, max_attempts", on: connection) else { return false }
        let id = try taken.decode(Int.self, "id"), attempts = try taken.decode(Int.self, "attempts")
        do {
            try connection.transaction { connection in
                guard try connection.query(
                    "SELECT 1 FROM payment_notifications WHERE id = $1 AND locked_by = $2 AND status = 'running' FOR UPDATE", [id, runnerKey]
                ).count == 1 else { return }  // requeued after this runner was presumed dead: the new taker applies it
                let note = try apply(notificationID: id, gateways: gateways, at: moment, on: connection)
                try connection.query(
                    "UPDATE payment_notifications SET status = 'applied', applied_at = now(), locked_by = NULL, error = $2 WHERE id = $1",
                    [id, note])
            }
        } catch {
            try SideQueue.recordFailure(table: "payment_notifications", key: "id", errorColumn: "error", id: id, runnerKey: runnerKey,
                                        // A notification that names no session or cannot be read stays so: no point retrying it.
                                        attempts: attempts, final: error is DomainError || error is WebhookSignature.Refusal
                                            || attempts >= (try taken.decode(Int.self, "max_attempts")), error: error,
                                        on: connection)
        }
        return true
    }

    /// Applies notification `id` in the caller's transaction; returns a note for staff ("" when it paid as expected).
    static func apply(notificationID id: Int, gateways: PaymentGateways? = nil, at moment: Date, on connection: PostgresConnection) throws -> String {
        let row = try connection.query("SELECT gateway, raw_body FROM payment_notifications WHERE id = $1", [id])[0]
        let gateway = try row.decode(String.self, "gateway")
        guard let module = PaymentGateways.module(named: gateway) else { throw DomainError.conflict("no gateway module \(gateway)") }
        let event = try module.readEvent(try row.decode(PostgresBytes.self, "raw_body").bytes)
        if event.kind == .setupCompleted { return try SavedCards.complete(event, gateway: gateway, gateways: gateways, on: connection) }
        guard event.kind == .paymentSucceeded, let sessionID = event.gatewaySessionID, let transactionID = event.transactionID,
              let amount = event.amount, let currency = event.currency else { return "ignored: \(event.type) changes nothing" }
        guard let session = try CheckoutSessions.find(gateway: gateway, gatewaySessionID: sessionID, on: connection) else {
            throw DomainError.notFound("no checkout session \(sessionID) for gateway \(gateway)")
        }
        guard let invoice = try Invoices.find(id: session.invoiceID, on: connection, lock: true) else { throw DomainError.notFound("No such invoice.") }
        guard let transaction = try connection.query(
            """
            INSERT INTO payment_transactions (gateway, gateway_transaction_id, invoice_id, checkout_session_id, notification_id, amount, currency)
            VALUES (\(gateway), \(transactionID), \(invoice.id), \(session.id), \(id), \(amount), \(currency))
            ON CONFLICT (gateway, gateway_transaction_id) DO NOTHING RETURNING id
            """).firstRow?.decode(Int.self, "id") else { return "duplicate: transaction \(transactionID) was applied before" }
        var flags: [String] = []
        var paymentID: Int?
        if currency != invoice.currency {
            flags.append("paid in \(currency), the invoice is in \(invoice.currency): not applied, settle it by hand")
        } else if !invoice.status.takesPayments {
            flags.append("the invoice was already \(invoice.status.rawValue): not applied, refund or credit it")
        } else if amount.cents == 0 {
            flags.append("the gateway reported 0.00")
        } else {
            if amount != session.amount {
                flags.append("paid \(amount) \(currency), the checkout asked for \(session.amount) \(session.currency)")
            }
            try InvoicePayments.apply(invoiceID: invoice.id, amount: amount, method: gateway, reference: transactionID,
                                      actor: .system, at: moment, on: connection)
            // The invoice row is locked by this transaction, so its newest payment is the one just recorded.
            paymentID = try connection.query("SELECT max(id) AS id FROM payments WHERE invoice_id = $1", [invoice.id])[0].decode(Int?.self, "id")
            // Unsuspending a service suspended for non-payment belongs to dunning (issue 16): it hooks in here,
            // after the payment, in this transaction.
        }
        let reason = flags.joined(separator: "; ")
        try connection.query(
            "UPDATE payment_transactions SET payment_id = $2, flagged = $3, flag_reason = $4 WHERE id = $1",
            [transaction, paymentID, !flags.isEmpty, reason])
        try connection.query("UPDATE checkout_sessions SET status = 'paid' WHERE id = $1", [session.id])
        try AuditLog.record(on: connection, actor: .system, action: "payment.received", targetType: "invoice", targetID: String(invoice.id),
                            after: ["gateway": gateway, "transaction": transactionID, "amount": "\(amount) \(currency)", "flag": reason],
                            origin: RequestOrigin(address: "jobs", userAgent: "vpsctl jobs", requestID: "payment-notification-\(id)"))
        return reason
    }
}
