import Foundation
import Postgres

/// Money a gateway says it took, recorded once: the one path from a gateway's word to a payment
/// on an invoice, whether the word is a notification (`PaymentEventQueue`) or the answer to an
/// automatic charge (`AutoPay`).
///
/// The invoice row is locked first (concurrent reports of one payment queue behind each other),
/// then the transaction row is inserted with ON CONFLICT DO NOTHING — if it was already there,
/// nothing else happens — and the payment is applied in the caller's transaction.
enum GatewayPaymentRecording {
    /// What a gateway reported.
    struct Report {
        var gateway: String
        var transactionID: String
        var invoiceID: Int
        var amount: Money
        var currency: String
        /// What the portal asked for (a different amount is applied and flagged).
        var expected: Money
        /// Who asked for `expected`, in a flag ("the checkout", "the automatic charge").
        var askedBy: String
        var checkoutSessionID: String?
        var notificationID: Int?
        var attemptID: Int?
        /// Names the source in the audit row ("payment-notification-7", "autopay-3").
        var requestID: String
    }

    enum Outcome: Equatable {
        /// New: recorded; `note` is the flag for staff ("" when it paid as expected).
        case recorded(note: String)
        /// This gateway transaction was recorded before: nothing changed.
        case duplicate
    }

    /// Records `report` in the caller's transaction.
    static func record(_ report: Report, at moment: Date, on connection: PostgresConnection) throws -> Outcome {
        guard let invoice = try Invoices.find(id: report.invoiceID, on: connection, lock: true) else { throw DomainError.notFound("No such invoice.") }
        let (gateway, transactionID, amount, currency) = (report.gateway, report.transactionID, report.amount, report.currency)
        guard let transaction = try connection.query(
            """
            INSERT INTO payment_transactions (gateway, gateway_transaction_id, invoice_id, checkout_session_id, notification_id, attempt_id,
                                              amount, currency)
            VALUES (\(gateway), \(transactionID), \(invoice.id), \(report.checkoutSessionID), \(report.notificationID), \(report.attemptID),
                    \(amount), \(currency))
            ON CONFLICT (gateway, gateway_transaction_id) DO NOTHING RETURNING id
            """).firstRow?.decode(Int.self, "id") else { return .duplicate }
        var flags: [String] = []
        var paymentID: Int?
        if currency != invoice.currency {
            flags.append("paid in \(currency), the invoice is in \(invoice.currency): not applied, settle it by hand")
        } else if !invoice.status.takesPayments {
            flags.append("the invoice was already \(invoice.status.rawValue): not applied, refund or credit it")
        } else if amount.cents == 0 {
            flags.append("the gateway reported 0.00")
        } else {
            if amount != report.expected {
                flags.append("paid \(amount) \(currency), \(report.askedBy) asked for \(report.expected) \(invoice.currency)")
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
        if !flags.isEmpty {
            try Notify.staff("staff.payment.flagged", key: "staff.payment.flagged:\(transaction)",
                             values: ["payment": "\(gateway) \(transactionID)", "reason": reason,
                                      "link": try NotificationSettings.load(on: connection).portalURL + "/admin/payments"], on: connection)
        }
        try AuditLog.record(on: connection, actor: .system, action: "payment.received", targetType: "invoice", targetID: String(invoice.id),
                            after: ["gateway": gateway, "transaction": transactionID, "amount": "\(amount) \(currency)", "flag": reason],
                            origin: RequestOrigin(address: "jobs", userAgent: "vpsctl jobs", requestID: report.requestID))
        return .recorded(note: reason)
    }
}
