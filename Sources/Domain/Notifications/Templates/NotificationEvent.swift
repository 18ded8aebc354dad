/// One kind of notification: who gets it, whether a customer may turn it off, whether it is on
/// until they do, the variables its templates may use (with sample values for the preview) and
/// the wording shipped with the portal. Variables never include a password or credential.
public struct NotificationEvent: Sendable, Equatable {
    public enum Audience: String, Sendable, Encodable { case customer, staff }

    /// `invoice.issued`, `staff.job.failed`, …
    public let key: String
    public let title: String
    public let audience: Audience
    /// Security and invoice messages: always sent, not in the customer's choices.
    public let required: Bool
    /// For optional ones: on until the customer turns it off.
    public let onByDefault: Bool
    /// Also sent by SMS to a customer's confirmed phone number.
    public let sms: Bool
    /// Variable name → sample value (the preview's data).
    public let samples: [String: String]
    public let subject: String
    public let text: String
    public let html: String

    /// The names its templates may use, sorted.
    public var variables: [String] { samples.keys.sorted() }

    init(_ key: String, _ title: String, _ audience: Audience = .customer, required: Bool = false, on: Bool = true, sms: Bool = false,
         samples: [String: String], subject: String, text: String, html: String) {
        self.key = key
        self.title = title
        self.audience = audience
        self.required = audience == .staff || required
        self.onByDefault = on
        self.sms = sms
        // Every message may greet and link.
        self.samples = samples.merging(["name": "Ada Lovelace", "portal_url": "https://portal.example.com"]) { own, _ in own }
        self.subject = subject
        self.text = text
        self.html = html
    }
}
