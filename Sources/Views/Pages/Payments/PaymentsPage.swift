import Domain
import Foundation

/// `/admin/payments`: gateway transactions newest first (flagged ones say why) and the
/// notifications received, with their verification result; an applied payment has a refund form
/// (amount, reason, 2FA code) and the refunds made or refused are listed with the gateway's answer;
/// declined automatic card charges are listed with the gateway's reason and the next try;
/// a refund the gateway never clearly answered "needs attention" and has a settle / refuse form.
public struct PaymentsPage: PageModel {
    public let template = "admin/payments"
    public let title = "Payments"

    struct TransactionRow: Sendable {
        var id: Int
        var invoiceID: Int
        var invoice: String
        var gateway: String
        var reference: String
        var amount: String
        var flagged: Bool
        var flagReason: String
        var created: String
        var refundable: Bool
        var refundAmount: String
        var refundReason: String
        var refundErrors: [String]
        var csrfToken: String
    }

    /// A refund form as it was typed, with why it was refused.
    public struct RefundInput: Sendable {
        public var transactionID: Int
        public var amount: String
        public var reason: String
        public var errors: [String]

        public init(transactionID: Int, amount: String, reason: String, errors: [String]) {
            self.transactionID = transactionID
            self.amount = amount
            self.reason = reason
            self.errors = errors
        }
    }

    struct RefundRow: Sendable {
        var id: Int
        var transactionID: Int
        var invoiceID: Int
        var gateway: String
        var amount: String
        var reason: String
        var status: String
        var succeeded: Bool
        var answer: String
        var created: String
        /// Pending after the last ask at the gateway: staff settle or refuse it (2FA).
        var needsAttention: Bool
        var nextAsk: String
        var csrfToken: String
    }

    struct NotificationRow: Sendable {
        var id: Int
        var gateway: String
        var eventID: String
        var eventType: String
        var verification: String
        var verified: Bool
        var status: String
        var error: String
        var received: String
    }

    /// A declined automatic card charge.
    struct FailedChargeRow: Sendable {
        var invoiceID: Int
        var invoice: String
        var customerID: Int
        var attempt: Int
        var amount: String
        var reason: String
        var nextTry: String
        var when: String
    }

    var transactions: [TransactionRow]
    var failedCharges: [FailedChargeRow] = []
    var hasFailedCharges = false
    var notifications: [NotificationRow]
    var hasTransactions: Bool
    var hasNotifications: Bool
    var refunds: [RefundRow]
    var hasRefunds: Bool
    var nextHref: String?
    var alert: String?
    var notice: String?

    public init(transactions: Page<PaymentRecords.Transaction>, notifications: Page<PaymentRecords.Notification>, refunds: [PaymentRefund] = [],
                typed: RefundInput? = nil, alert: String? = nil, notice: String? = nil, csrfToken: String = "",
                failedCharges: [PaymentAttempt] = []) {
        self.failedCharges = failedCharges.map {
            FailedChargeRow(invoiceID: $0.invoiceID, invoice: $0.invoiceNumber ?? "#\($0.invoiceID)", customerID: $0.customerID, attempt: $0.attempt,
                            amount: "\($0.amount) \($0.currency)", reason: $0.failure, nextTry: $0.retryOn?.description ?? "none",
                            when: Display.dateTime($0.completedAt ?? $0.createdAt))
        }
        hasFailedCharges = !self.failedCharges.isEmpty
        self.transactions = transactions.items.map {
            let input = typed?.transactionID == $0.id ? typed : nil
            return TransactionRow(id: $0.id, invoiceID: $0.invoiceID, invoice: $0.invoiceNumber ?? "#\($0.invoiceID)", gateway: $0.gateway,
                                  reference: $0.gatewayTransactionID, amount: "\($0.amount) \($0.currency)", flagged: $0.flagged,
                                  flagReason: $0.flagReason, created: Display.dateTime($0.createdAt), refundable: $0.paymentID != nil,
                                  refundAmount: input?.amount ?? "", refundReason: input?.reason ?? "", refundErrors: input?.errors ?? [],
                                  csrfToken: csrfToken)
        }
        self.refunds = refunds.map {
            RefundRow(id: $0.id, transactionID: $0.transactionID, invoiceID: $0.invoiceID, gateway: $0.gateway, amount: "\($0.amount) \($0.currency)",
                      reason: $0.reason, status: $0.status.rawValue, succeeded: $0.status == .succeeded,
                      answer: $0.status == .refused ? $0.refusal : [$0.gatewayRefundID ?? "", $0.gatewayNote].filter { !$0.isEmpty }.joined(separator: " — "),
                      created: Display.dateTime($0.createdAt), needsAttention: $0.needsAttention,
                      nextAsk: $0.status == .pending ? $0.retryAt.map { "asked again at \(Display.dateTime($0))" } ?? "" : "",
                      csrfToken: csrfToken)
        }
        hasRefunds = !self.refunds.isEmpty
        self.alert = alert
        self.notice = notice
        self.notifications = notifications.items.map {
            NotificationRow(id: $0.id, gateway: $0.gateway, eventID: $0.eventID ?? "—", eventType: $0.eventType,
                            verification: Display.words($0.verification), verified: $0.verification == "verified", status: $0.status,
                            error: $0.error, received: Display.dateTime($0.receivedAt))
        }
        hasTransactions = !self.transactions.isEmpty
        hasNotifications = !self.notifications.isEmpty
        nextHref = transactions.nextCursor.map { "/admin/payments?cursor=\($0)" }
    }
}
