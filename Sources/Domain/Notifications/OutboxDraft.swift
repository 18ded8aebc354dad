/// What a use case hands to `Outbox.enqueue`: a message not yet written.
public struct OutboxDraft: Sendable, Equatable {
    public var channel: String
    public var eventKey: String
    public var recipient: String
    public var recipientName: String
    public var customerID: Int?
    public var subject: String
    public var text: String
    public var html: String
    public var invoiceID: Int?

    public init(channel: String = EmailChannel.name, eventKey: String, recipient: String, recipientName: String = "", customerID: Int? = nil,
                subject: String, text: String, html: String = "", invoiceID: Int? = nil) {
        self.channel = channel
        self.eventKey = eventKey
        self.recipient = recipient
        self.recipientName = recipientName
        self.customerID = customerID
        self.subject = subject
        self.text = text
        self.html = html
        self.invoiceID = invoiceID
    }
}
