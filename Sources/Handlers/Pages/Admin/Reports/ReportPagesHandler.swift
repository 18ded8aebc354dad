import Domain
import Views

/// `/admin/reports…` (staff): the list of reports, one report with its charts and tables, and a
/// table's CSV — the same `Reports.report` call as `/api/v1/reports/{kind}`.
enum ReportPagesHandler {
    static func index(_ request: Request, _ context: RequestContext) throws -> Response {
        try context.page(ReportsIndexPage())
    }

    /// A bad query field answers 400 with the form again, the message next to the field.
    static func show(_ request: Request, _ context: RequestContext) throws -> Response {
        let kind = try ReportRequest.kind(context)
        let form = context.query.values(ReportRequest.fields)
        let query: ReportQuery
        do {
            query = try ReportRequest.query(context)
        } catch let error as HTTPError {
            let issues = error.fieldErrors.map { FieldIssue(field: $0.field, message: $0.message) }
            return try context.page(ReportPage(kind: kind, form: form, report: nil, issues: issues), status: error.status)
        }
        return try context.page(ReportPage(kind: kind, form: form, report: try Reports.report(kind, query, for: context.caller)))
    }

    /// The form again with why the report cannot be made (e.g. 409 while its figures are not available).
    static func refused(_ refusal: Refusal, _ request: Request, _ context: RequestContext) throws -> Response {
        try context.page(ReportPage(kind: try ReportRequest.kind(context), form: context.query.values(ReportRequest.fields), report: nil,
                                    issues: refusal.issues, alert: refusal.issues.isEmpty ? refusal.message : nil),
                         status: refusal.error.status)
    }

    /// `…/csv?table=KEY&from=…`: one table as a CSV download.
    static func csv(_ request: Request, _ context: RequestContext) throws -> Response {
        let report = try Reports.report(try ReportRequest.kind(context), try ReportRequest.query(context), for: context.caller)
        return ReportRequest.csv(report, try ReportRequest.table(report, context))
    }
}
