import Domain
import Views

/// `/pay/demo/{session}`: the demo gateway's hosted payment page. Open to anyone holding the
/// unguessable session id (like a real gateway's page, it knows no portal session); its forms
/// carry the CSRF token as every form does.
enum DemoPayHandler {
    static func show(_ request: Request, _ context: RequestContext) throws -> Response {
        let page = try DemoCheckout.page(gatewaySessionID: try context.parameter("session"), on: context.connection)
        return try context.page(DemoPayPage(page, csrfToken: try context.csrfToken()))
    }

    static func pay(_ request: Request, _ context: RequestContext) throws -> Response {
        .redirect(to: try DemoCheckout.pay(gatewaySessionID: try context.parameter("session"), origin: context.origin, on: context.connection))
    }

    static func decline(_ request: Request, _ context: RequestContext) throws -> Response {
        .redirect(to: try DemoCheckout.decline(gatewaySessionID: try context.parameter("session"), origin: context.origin, on: context.connection))
    }
}
