import Foundation
import Postgres

/// Applies stored gateway notifications, each exactly once, from `vpsctl jobs`: taken with
/// `FOR UPDATE SKIP LOCKED` like the PDF render queue, retried with the jobs' backoff.
///
/// Exactly once is the database's doing (`GatewayPaymentRecording`): the invoice row is locked,
/// the transaction row inserted once per gateway transaction id, and the payment, the checkout
/// session (or the automatic charge's attempt) and the notification change in that same transaction.
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
        guard event.kind == .paymentSucceeded, let transactionID = event.transactionID,
              let amount = event.amount, let currency = event.currency else { return "ignored: \(event.type) changes nothing" }
        guard let sessionID = event.gatewaySessionID else {
            return try AutoPayCompletion.notified(event, gateway: gateway, notificationID: id, at: moment, on: connection)
        }
        guard let session = try CheckoutSessions.find(gateway: gateway, gatewaySessionID: sessionID, on: connection) else {
            throw DomainError.notFound("no checkout session \(sessionID) for gateway \(gateway)")
        }
        let report = GatewayPaymentRecording.Report(
            gateway: gateway, transactionID: transactionID, invoiceID: session.invoiceID, amount: amount, currency: currency,
            expected: session.amount, askedBy: "the checkout", checkoutSessionID: session.id, notificationID: id,
            requestID: "payment-notification-\(id)")
        guard case .recorded(let reason) = try GatewayPaymentRecording.record(report, at: moment, on: connection) else {
            return "duplicate: transaction \(transactionID) was applied before"
        }
        try connection.query("UPDATE checkout_sessions SET status = 'paid' WHERE id = $1", [session.id])
        return reason
    }
}
