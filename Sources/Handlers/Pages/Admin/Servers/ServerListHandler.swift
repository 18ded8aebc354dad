import Domain
import Views

/// `GET /admin/servers`: filters, a newest-first table and a link to the next page.
enum ServerListHandler {
    /// The filter fields, kept in the Next link.
    private static let filterKeys = ["status", "customer_id", "product_id", "location", "search", "limit"]

    static func list(_ request: Request, _ context: RequestContext) throws -> Response {
        let q = context.query
        let page = try Instances.list(try ServerQuery.filter(q), page: try context.pageRequest(), for: context.caller, as: ServerSummary.self)
        let nextHref = page.nextCursor.map { QueryString.link("/admin/servers", filterKeys.map { ($0, q[$0]) } + [("cursor", $0)]) }
        return try listPage(context, servers: page.items, error: nil, nextHref: nextHref)
    }

    /// The list again, empty, saying why it cannot be shown.
    static func refused(_ refusal: Refusal, _ request: Request, _ context: RequestContext) throws -> Response {
        let error = "This list cannot be shown: " + refusal.issues.map { "\($0.field) \($0.message)" }.joined(separator: "; ") + "."
        return try listPage(context, servers: [], error: error, nextHref: nil)
    }

    private static func listPage(_ context: RequestContext, servers: [ServerSummary], error: String?, nextHref: String?) throws -> Response {
        let q = context.query
        let filters = ServerListPage.Filters(
            status: q["status"] ?? "", customerID: q["customer_id"] ?? "", productID: q["product_id"] ?? "",
            location: q["location"] ?? "", search: q["search"] ?? "")
        return try context.page(ServerListPage(servers: servers, filters: filters, error: error, nextHref: nextHref))
    }
}
