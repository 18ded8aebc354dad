import Domain

/// `/admin/outbox` (staff): every message that leaves the portal, newest first, filtered by status.
public struct OutboxListPage: PageModel {
    public let template = "admin/outbox/list"
    public let title = "Outbox"

    struct Row: Sendable {
        var id: Int
        var created: String
        var status: String
        var channel: String
        var eventKey: String
        var recipient: String
        var attempts: String
        var lastError: String
        var sentAt: String
    }

    var rows: [Row]
    var isEmpty: Bool
    var statuses: [SelectOption]
    var error: String?
    var nextHref: String?

    /// `messages` under the status filter as typed (`status`), `error` when it cannot be applied.
    public init(messages: [OutboxMessage], status: String, error: String?, nextHref: String?) {
        rows = messages.map {
            Row(id: $0.id, created: Display.dateTime($0.createdAt), status: $0.status.rawValue, channel: $0.channel, eventKey: $0.eventKey,
                recipient: $0.recipientName.isEmpty ? $0.recipient : "\($0.recipientName) <\($0.recipient)>", attempts: "\($0.attempts) / \($0.maxAttempts)",
                lastError: $0.lastError, sentAt: $0.sentAt.map { Display.dateTime($0) } ?? "—")
        }
        isEmpty = rows.isEmpty
        statuses = ([""] + OutboxMessage.Status.allCases.map(\.rawValue)).map { SelectOption(value: $0, label: $0.isEmpty ? "any" : $0, selected: $0 == status) }
        self.error = error
        self.nextHref = nextHref
    }
}
