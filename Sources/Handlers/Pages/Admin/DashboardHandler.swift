import Domain
import Views

/// `/admin`: the staff dashboard.
enum DashboardHandler {
    static func show(_ request: Request, _ context: RequestContext) throws -> Response {
        try context.page(DashboardPage(try DashboardFigures.load(for: context.caller), viewer: try context.user))
    }
}
