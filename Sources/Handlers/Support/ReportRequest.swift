import Domain
import Views

/// The report a request asks for: `{kind}` from the path (unknown: 404) and the query from
/// `from`, `to`, `group`, `currency` (a bad field: 400 naming it — it is the URL that is wrong).
enum ReportRequest {
    static let fields = ["from", "to", "group", "currency"]

    static func kind(_ context: RequestContext) throws -> ReportKind {
        guard let kind = ReportKind(rawValue: try context.parameter("kind")) else {
            throw HTTPError.notFound("No such report; the reports are \(ReportKind.allCases.map(\.rawValue).joined(separator: ", ")).")
        }
        return kind
    }

    static func query(_ context: RequestContext) throws -> ReportQuery {
        do {
            return try ReportQuery.parse(context.query.values(fields), for: context.caller)
        } catch DomainError.validation(let issues) {
            throw HTTPError(.badRequest, title: "Invalid report query",
                            detail: issues.map { "\($0.field) \($0.message)" }.joined(separator: "; "),
                            fieldErrors: issues.map { HTTPError.FieldError(field: $0.field, message: $0.message) })
        }
    }

    /// The table `?table=` names (the main one when absent); an unknown key is a 400 naming `table`.
    static func table(_ report: Report, _ context: RequestContext) throws -> ReportTable {
        let key = context.query["table"].flatMap { $0.isEmpty ? nil : $0 }
        guard let table = report.table(key) else {
            let keys = report.tables.map(\.key).joined(separator: ", ")
            throw HTTPError(.badRequest, title: "Invalid report query", detail: "table must be one of \(keys)",
                            fieldErrors: [HTTPError.FieldError(field: "table", message: "must be one of \(keys)")])
        }
        return table
    }

    /// The CSV download of `table`.
    static func csv(_ report: Report, _ table: ReportTable) -> Response {
        Response(status: .ok, headers: [
            ("Content-Type", "text/csv; charset=utf-8"), ("Content-Disposition", "attachment; filename=\"\(ReportCSV.fileName(report, table))\""),
            ("Cache-Control", "private, no-store"),
        ], body: ReportCSV.render(table))
    }
}
