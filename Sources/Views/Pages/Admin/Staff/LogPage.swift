import Foundation

/// A newest-first log (audit trail or session log) with a "more" link.
public struct LogPage: PageModel {
    public let template: String
    public let title: String

    public struct Row: Sendable {
        public var when: String
        public var who: String
        public var what: String
        public var target: String
        public var detail: String
        public var address: String
        public var requestID: String

        public init(when: Date, who: String, what: String, target: String, detail: String, address: String, requestID: String) {
            self.when = Display.dateTime(when)
            self.who = who
            self.what = what
            self.target = target
            self.detail = detail
            self.address = address
            self.requestID = requestID
        }
    }

    public var rows: [Row]
    public var isEmpty: Bool
    /// Link to the next (older) page, if any.
    public var nextHref: String?

    public static func audit(rows: [Row], nextHref: String?) -> LogPage {
        LogPage(template: "admin/audit", title: "Audit log", rows: rows, isEmpty: rows.isEmpty, nextHref: nextHref)
    }

    public static func sessions(rows: [Row], nextHref: String?) -> LogPage {
        LogPage(template: "admin/sessions", title: "Session log", rows: rows, isEmpty: rows.isEmpty, nextHref: nextHref)
    }
}
