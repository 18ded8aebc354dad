import Domain

/// `/my/account/notifications`: which optional messages the customer gets (security and invoice
/// messages are always sent and listed as such), and their phone number for SMS, confirmed by a
/// code sent to it.
public struct MyNotificationsPage: PageModel {
    public let template = "my/notifications"
    public let title = "Notifications"

    /// One optional message and its choice.
    struct Choice: Sendable {
        var event: String
        var id: String
        var title: String
        var enabled: Bool
        var bySMS: Bool
    }

    /// One message that is always sent.
    struct Required: Sendable {
        var title: String
        var bySMS: Bool
    }

    var choices: [Choice]
    var required: [Required]
    var phone: String?
    var codeSent: Bool
    var phoneError: String?
    var codeError: String?
    public var alert: String?
    var notice: String?
    var csrfToken: String

    public init(_ choices: [NotificationPreferences.Choice], phone: String?, codeSent: Bool = false, errors: [FieldIssue] = [],
                alert: String? = nil, notice: String? = nil, csrfToken: String) {
        self.choices = choices.map {
            Choice(event: $0.event, id: "notify-" + $0.event.replacingOccurrences(of: ".", with: "-"), title: $0.title, enabled: $0.enabled,
                   bySMS: NotificationCatalog.event($0.event)?.sms ?? false)
        }
        required = NotificationCatalog.events.filter { $0.audience == .customer && $0.required }.map { Required(title: $0.title, bySMS: $0.sms) }
        self.phone = phone
        self.codeSent = codeSent
        let messages = FormErrors(errors)
        phoneError = messages["phone"]
        codeError = messages["code"]
        self.codeSent = codeSent || codeError != nil
        self.alert = alert
        self.notice = notice
        self.csrfToken = csrfToken
    }
}
