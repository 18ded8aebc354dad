import Domain

/// A newest-first log (audit trail or session log) with a "more" link.
public struct LogPage: PageModel {
    public let template: String
    public let title: String

    struct Row: Sendable {
        var when: String
        var who: String
        var what: String
        var target: String
        var detail: String
        var address: String
        var requestID: String

        init(_ entry: AuditEntry) {
            when = Display.dateTime(entry.occurredAt)
            who = entry.actorLabel
            what = entry.action
            target = "\(entry.targetType) \(entry.targetID)"
            detail = [entry.before.map { "before: \($0)" }, entry.after.map { "after: \($0)" }].compactMap { $0 }.joined(separator: "  ")
            address = entry.remoteAddress
            requestID = entry.requestID
        }

        init(_ entry: SessionLogEntry) {
            when = Display.dateTime(entry.occurredAt)
            who = entry.email
            what = entry.event
            target = entry.email
            detail = entry.detail
            address = entry.remoteAddress
            requestID = entry.requestID
        }
    }

    var rows: [Row]
    var isEmpty: Bool
    /// Link to the next (older) page, if any.
    var nextHref: String?

    /// One page of the audit trail.
    public init(audit page: Page<AuditEntry>) {
        template = "admin/audit"
        title = "Audit log"
        rows = page.items.map(Row.init)
        isEmpty = rows.isEmpty
        nextHref = page.nextCursor.map { "/admin/audit?cursor=\($0)" }
    }

    /// One page of the session log.
    public init(sessions page: Page<SessionLogEntry>) {
        template = "admin/sessions"
        title = "Session log"
        rows = page.items.map(Row.init)
        isEmpty = rows.isEmpty
        nextHref = page.nextCursor.map { "/admin/sessions?cursor=\($0)" }
    }
}
