import Domain

/// `/admin/outbox/{id}` (staff): one message as it is sent — its headers under the current sender
/// settings, the text part, the HTML part as escaped source (never rendered, so nothing in it runs
/// or loads) — with its delivery record and, when sent or dead, a resend button.
public struct OutboxMessagePage: PageModel {
    public let template = "admin/outbox/detail"
    public var title: String { "Message #\(id)" }

    struct Header: Sendable {
        var name: String
        var value: String
    }

    var id: Int
    var headers: [Header]
    var status: String
    var channel: String
    var eventKey: String
    var attempts: String
    var lastError: String
    var providerMessageID: String
    var runAfter: String
    var created: String
    var sentAt: String
    var invoiceID: Int?
    var customerID: Int?
    var text: String
    var html: String
    var hasHTML: Bool
    var canResend: Bool
    var alert: String?
    var notice: String?
    var csrfToken: String

    public init(_ message: OutboxMessage, settings: NotificationSettings, alert: String? = nil, notice: String? = nil, csrfToken: String) {
        let from = (try? MailAddress(settings.fromAddress, name: settings.fromName))
        let to = (try? MailAddress(message.recipient, name: message.recipientName))
        headers = [
            Header(name: "From", value: from?.header ?? settings.fromAddress),
            Header(name: "To", value: to?.header ?? message.recipient),
            Header(name: "Subject", value: message.subject),
            Header(name: "Message-ID", value: Outbox.messageID(eventKey: message.eventKey, domain: from?.domain ?? "invalid")),
        ]
        id = message.id
        status = message.status.rawValue
        channel = message.channel
        eventKey = message.eventKey
        attempts = "\(message.attempts) / \(message.maxAttempts)"
        lastError = message.lastError
        providerMessageID = message.providerMessageID
        runAfter = Display.dateTime(message.runAfter)
        created = Display.dateTime(message.createdAt)
        sentAt = message.sentAt.map { Display.dateTime($0) } ?? "—"
        invoiceID = message.invoiceID
        customerID = message.customerID
        text = message.text
        html = message.html
        hasHTML = !message.html.isEmpty
        canResend = message.status == .sent || message.status == .dead
        self.alert = alert
        self.notice = notice
        self.csrfToken = csrfToken
    }
}
