import Domain

/// `/api/v1/reports` (staff): the reports there are, and one report as JSON — or one of its
/// tables as CSV with `Accept: text/csv` (`?table=KEY`, else the main table).
enum ReportsAPIHandler {
    struct Entry: Encodable {
        let kind: String
        let title: String
        let summary: String
        let href: String
    }

    static func list(_ request: Request, _ context: RequestContext) throws -> Response {
        _ = try context.caller.staff()
        let items = ReportKind.allCases.map { Entry(kind: $0.rawValue, title: $0.title, summary: $0.summary, href: "/api/v1/reports/\($0.rawValue)") }
        return try .json(ListBody(items: items, nextCursor: nil))
    }

    /// `?from=&to=&group=&currency=`; a bad field is a 400 naming it.
    static func show(_ request: Request, _ context: RequestContext) throws -> Response {
        let report = try Reports.report(try ReportRequest.kind(context), try ReportRequest.query(context), for: context.caller)
        if request.headers["accept"]?.contains("text/csv") == true {
            return ReportRequest.csv(report, try ReportRequest.table(report, context))
        }
        return try .json(report)
    }
}
