import Domain
import Views

/// `GET /admin/servers`: filters, a newest-first table and a link to the next page.
enum ServerListHandler {
    /// The filter fields, kept in the Next link.
    private static let filterKeys = ["status", "customer_id", "product_id", "location", "search", "limit"]

    static func list(_ request: Request, _ context: RequestContext) throws -> Response {
        try context.requireStaff()
        let q = context.query
        var servers: [ServerInstance] = []
        var error: String?
        var nextHref: String?
        do {
            let page = try Instances.list(
                try ServerQuery.filter(q), page: try PageRequest(limit: q["limit"], cursor: q["cursor"]), on: context.connection)
            servers = page.items
            nextHref = page.nextCursor.map { cursor in
                QueryString.link("/admin/servers", filterKeys.map { ($0, q[$0]) } + [("cursor", cursor)])
            }
        } catch DomainError.validation(let issues) {
            error = "This list cannot be shown: " + issues.map { "\($0.field) \($0.message)" }.joined(separator: "; ") + "."
        }
        let filters = ServerListPage.Filters(
            status: q["status"] ?? "", customerID: q["customer_id"] ?? "", productID: q["product_id"] ?? "",
            location: q["location"] ?? "", search: q["search"] ?? "")
        let page = ServerListPage(servers: servers, filters: filters, error: error, nextHref: nextHref)
        return try context.page(page, status: error == nil ? .ok : .unprocessableContent)
    }
}
