import Domain

/// `/admin/reports` (staff): the reports, one line each.
public struct ReportsIndexPage: PageModel {
    public let template = "admin/reports/index"
    public let title = "Reports"

    struct Entry: Sendable {
        var kind: String
        var title: String
        var summary: String
    }

    var entries: [Entry]

    public init() {
        entries = ReportKind.allCases.map { Entry(kind: $0.rawValue, title: $0.title, summary: $0.summary) }
    }
}
