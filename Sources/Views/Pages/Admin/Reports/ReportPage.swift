import Domain

/// `/admin/reports/{kind}` (staff): the query form (a GET, so a link shares the view), the
/// report's notes, and each table with its charts, its cells and a CSV link. A bad field is
/// shown next to it; a report that cannot be made says why instead of its tables.
public struct ReportPage: PageModel {
    public let template = "admin/reports/report"
    public let title: String

    struct Field: Sendable {
        var value: String
        var error: String?
    }

    var kind: String
    var from: Field
    var to: Field
    var currency: Field
    var groupError: String?
    var groups: [SelectOption]
    var notes: [String]
    var tables: [ReportTableView]
    var alert: String?
    var jsonHref: String
    var reports: [SelectOption]

    /// The page for `kind` with the form as typed (`form` by query key); `report` when it was
    /// made, else `issues` (field → message) or `alert` say why not.
    public init(kind: ReportKind, form: [String: String], report: Report?, issues: [FieldIssue] = [], alert: String? = nil) {
        title = kind.title
        self.kind = kind.rawValue
        func field(_ name: String, _ fallback: String) -> Field {
            Field(value: form[name] ?? fallback, error: issues.first { $0.field == name }?.message)
        }
        from = field("from", report.map { $0.query.from.description } ?? "")
        to = field("to", report.map { $0.query.to.description } ?? "")
        currency = field("currency", report?.query.currency ?? "")
        groupError = issues.first { $0.field == "group" }?.message
        let group = form["group"] ?? report?.query.group.rawValue ?? ReportQuery.Grouping.month.rawValue
        groups = ReportQuery.Grouping.allCases.map { SelectOption(value: $0.rawValue, label: "by \($0.rawValue)", selected: $0.rawValue == group) }
        notes = report?.notes ?? []
        tables = report.map { report in report.tables.enumerated().map { ReportTableView($1, number: $0, report: report) } } ?? []
        self.alert = alert ?? (issues.isEmpty ? nil : "Not shown: " + issues.map { "\($0.field) \($0.message)" }.joined(separator: "; "))
        jsonHref = "/api/v1/reports/\(kind.rawValue)" + (report.map { "?" + $0.query.parameters } ?? "")
        reports = ReportKind.allCases.map { SelectOption(value: $0.rawValue, label: $0.title, selected: $0 == kind) }
    }
}
