import Domain
import Views

/// `/`, `/admin` and `/my`: where a visitor starts.
enum HomeHandler {
    static func root(_ request: Request, _ context: RequestContext) throws -> Response {
        guard let identity = context.identity, !identity.awaitsSecondFactor else { return .redirect(to: "/login") }
        return .redirect(to: RequestContext.homePath(for: identity.user))
    }

    static func customer(_ request: Request, _ context: RequestContext) throws -> Response {
        let user = try context.user
        return try context.page(HomePage.customer(name: user.name.isEmpty ? user.email : user.name, due: try Invoices.amountDue(for: context.caller)))
    }
}
