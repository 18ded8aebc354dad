import Foundation
import Postgres

/// Calls the gateway for one claimed automatic charge and completes its row with the answer:
/// `succeeded` (the payment recorded once, by `GatewayPaymentRecording`, as a notification would
/// record it), `failed` (declined: Stripe's reason and the next scheduled day), or still
/// `unknown` (no answer: asked again after the backoff, with the same idempotency key).
enum AutoPayCompletion {
    /// The outcome of one call, for the run's report.
    enum Result: Equatable {
        case succeeded, declined, unanswered
    }

    /// Calls the gateway for claimed attempt `attemptID` and completes it.
    static func call(attemptID: Int, today: CalendarDay, at moment: Date, gateways: PaymentGateways, on connection: PostgresConnection) throws
        -> Result {
        let row = try connection.query(
            """
            SELECT a.invoice_id, a.attempt, a.amount, a.currency, a.gateway, a.calls, i.due_date, pm.gateway_method_id, gc.gateway_customer_id
            FROM payment_attempts a JOIN invoices i ON i.id = a.invoice_id JOIN saved_payment_methods pm ON pm.id = a.payment_method_id
            LEFT JOIN gateway_customers gc ON gc.customer_id = a.customer_id AND gc.gateway = a.gateway
            WHERE a.id = \(attemptID)
            """)[0]
        let gateway = try row.decode(String.self, "gateway")
        let charge = OffSessionCharge(
            invoiceID: try row.decode(Int.self, "invoice_id"), attempt: try row.decode(Int.self, "attempt"), amount: try row.decode(Money.self, "amount"),
            currency: try row.decode(String.self, "currency"), gatewayCustomerID: try row.decode(String?.self, "gateway_customer_id") ?? "",
            gatewayMethodID: try row.decode(String.self, "gateway_method_id"), idempotencyKey: "autopay-\(attemptID)")
        let outcome: OffSessionChargeOutcome
        do {
            guard let module = PaymentGateways.module(named: gateway) as? any OffSessionCharging,
                  let settings = try PaymentGateways.settings(named: gateway, on: connection) else {
                throw DomainError.conflict("gateway \(gateway) cannot charge a saved card")
            }
            outcome = try module.charge(charge, settings: settings, secretKey: try gateways.apiKey(of: gateway, on: connection))
        } catch {
            // No answer (or none that can be read): nothing is known, so nothing is recorded; the
            // row stays open and is asked again with the same key after the backoff.
            try connection.query(
                """
                UPDATE payment_attempts SET status = 'unknown', next_call_at = \(moment.addingTimeInterval(AutoPay.backoff(calls: try row.decode(Int.self, "calls"))))
                WHERE id = \(attemptID) AND status = 'pending'
                """)
            Log.warning("automatic charge attempt \(attemptID): no answer from \(gateway): \(error)")
            return .unanswered
        }
        switch outcome {
        case .succeeded(let transactionID, let amount, let currency):
            try connection.transaction { connection in
                try succeeded(attemptID: attemptID, gateway: gateway, transactionID: transactionID, amount: amount, currency: currency,
                              charge: charge, notificationID: nil, at: moment, on: connection)
            }
            return .succeeded
        case .declined(let reason):
            let elapsed = try row.decode(CalendarDay.self, "due_date").days(until: today)
            let days = try connection.query("SELECT array_to_string(autopay_retry_days, ',') AS days FROM billing_settings")[0]
                .decode(String.self, "days").split(separator: ",").compactMap { Int($0) }
            let next = days.sorted().first { $0 > elapsed }
            let dueDate = try row.decode(CalendarDay.self, "due_date")
            try connection.transaction { connection in
                let failed = try connection.query(
                    """
                    UPDATE payment_attempts SET status = 'failed', failure = \(reason.isEmpty ? "declined" : reason), next_call_at = NULL,
                           retry_on = \(dueDate)::date + \(next)::integer, completed_at = \(moment)
                    WHERE id = \(attemptID) AND status IN ('pending', 'unknown')
                    """).affectedRows == 1
                if failed { try BillingNotices.paymentFailed(attemptID: attemptID, invoiceID: charge.invoiceID, reason: reason, on: connection) }
            }
            return .declined
        case .processing(let transactionID):
            try connection.query(
                """
                UPDATE payment_attempts SET status = 'unknown', gateway_payment_id = \(transactionID),
                       next_call_at = coalesce(next_call_at, \(moment.addingTimeInterval(AutoPay.backoff(calls: 1))))
                WHERE id = \(attemptID) AND status IN ('pending', 'unknown')
                """)
            return .unanswered
        }
    }

    /// Money taken by attempt `attemptID`, in the caller's transaction: the payment recorded once
    /// per gateway transaction, the attempt marked `succeeded` if it was still open.
    static func succeeded(attemptID: Int, gateway: String, transactionID: String, amount: Money, currency: String, charge: OffSessionCharge,
                          notificationID: Int?, at moment: Date, on connection: PostgresConnection) throws -> GatewayPaymentRecording.Outcome {
        let report = GatewayPaymentRecording.Report(
            gateway: gateway, transactionID: transactionID, invoiceID: charge.invoiceID, amount: amount, currency: currency,
            expected: charge.amount, askedBy: "the automatic charge", notificationID: notificationID, attemptID: attemptID,
            requestID: notificationID.map { "payment-notification-\($0)" } ?? "autopay-\(attemptID)")
        let outcome = try GatewayPaymentRecording.record(report, at: moment, on: connection)
        try connection.query(
            """
            UPDATE payment_attempts SET status = 'succeeded', gateway_payment_id = \(transactionID), next_call_at = NULL, completed_at = \(moment)
            WHERE id = \(attemptID) AND status IN ('pending', 'unknown')
            """)
        return outcome
    }

    /// A `payment_intent.succeeded` notification of an automatic charge (`PaymentEventQueue`):
    /// records it unless the charge's own answer did already; returns the note for staff.
    static func notified(_ event: GatewayEvent, gateway: String, notificationID: Int, at moment: Date, on connection: PostgresConnection) throws
        -> String {
        guard let invoiceID = event.invoiceID, let number = event.attempt, let transactionID = event.transactionID, let amount = event.amount,
              let currency = event.currency else { return "ignored: \(event.type) names no automatic charge" }
        guard let row = try connection.query(
            "SELECT id, amount, currency FROM payment_attempts WHERE invoice_id = \(invoiceID) AND attempt = \(number) AND gateway = \(gateway)"
        ).firstRow else { throw DomainError.notFound("no automatic charge attempt \(number) of invoice \(invoiceID) for gateway \(gateway)") }
        let charge = OffSessionCharge(invoiceID: invoiceID, attempt: number, amount: try row.decode(Money.self, "amount"),
                                      currency: try row.decode(String.self, "currency"), gatewayCustomerID: "", gatewayMethodID: "",
                                      idempotencyKey: "")
        switch try succeeded(attemptID: try row.decode(Int.self, "id"), gateway: gateway, transactionID: transactionID, amount: amount,
                             currency: currency, charge: charge, notificationID: notificationID, at: moment, on: connection) {
        case .duplicate: return "duplicate: transaction \(transactionID) was applied before"
        case .recorded(let note): return note
        }
    }
}
