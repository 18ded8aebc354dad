import Domain
import Foundation

/// `/admin/payments`: gateway transactions newest first (flagged ones say why) and the
/// notifications received, with their verification result.
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

    var transactions: [TransactionRow]
    var notifications: [NotificationRow]
    var hasTransactions: Bool
    var hasNotifications: Bool
    var nextHref: String?

    public init(transactions: Page<PaymentRecords.Transaction>, notifications: Page<PaymentRecords.Notification>) {
        self.transactions = transactions.items.map {
            TransactionRow(id: $0.id, invoiceID: $0.invoiceID, invoice: $0.invoiceNumber ?? "#\($0.invoiceID)", gateway: $0.gateway,
                           reference: $0.gatewayTransactionID, amount: "\($0.amount) \($0.currency)", flagged: $0.flagged,
                           flagReason: $0.flagReason, created: Display.dateTime($0.createdAt))
        }
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
