import Domain
import Views

/// `/my/orders`: a customer's own orders; anyone else's answer 404.
enum MyOrdersHandler {
    static func list(_ request: Request, _ context: RequestContext) throws -> Response {
        try context.page(MyOrdersPage(try Orders.list(Orders.Filter(), page: try context.pageRequest(), for: context.caller)))
    }

    static func detail(_ request: Request, _ context: RequestContext) throws -> Response {
        try context.page(MyOrdersPage(try OrderOverview.load(id: try context.idParameter(), for: context.caller), placed: context.query["placed"] == "1"))
    }
}
