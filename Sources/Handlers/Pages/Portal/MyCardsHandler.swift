import Domain
import Views

/// `/my/account/payment-methods`: the customer's saved cards — add one on the gateway's hosted
/// page, remove one, choose the one for automatic payment. `?setup=` says how an added card went.
enum MyCardsHandler {
    static let path = "/my/account/payment-methods"

    static func show(_ request: Request, _ context: RequestContext) throws -> Response {
        try context.page(try page(context))
    }

    /// "Add a card": sends the customer to the gateway's hosted page.
    static func setup(_ request: Request, _ context: RequestContext) throws -> Response {
        let started = try SavedCards.startSetup(by: context.caller, gateway: try context.form()["gateway"] ?? "stripe",
                                                gateways: context.services.paymentGateways)
        return try context.handOff(to: started.url)
    }

    static func remove(_ request: Request, _ context: RequestContext) throws -> Response {
        _ = try SavedCards.remove(id: try context.idParameter(), by: context.caller, gateways: context.services.paymentGateways)
        return .redirect(to: path)
    }

    /// `auto_pay=true|false`.
    static func autoPay(_ request: Request, _ context: RequestContext) throws -> Response {
        let on = try context.form()["auto_pay"]
        guard on == "true" || on == "false" else { throw DomainError.invalid("auto_pay", "must be true or false") }
        _ = try SavedCards.chooseForAutoPay(id: try context.idParameter(), on: on == "true", by: context.caller)
        return .redirect(to: path)
    }

    /// The cards again with why the change was refused.
    static func refused(_ refusal: Refusal, _ request: Request, _ context: RequestContext) throws -> Response {
        var model = try page(context)
        model.alert = refusal.message
        return try context.page(model)
    }

    private static func page(_ context: RequestContext) throws -> MyCardsPage {
        let setup = try context.query["setup"].flatMap { try SavedCards.setupStatus($0, for: context.caller) }
        let canAdd = try PaymentGateways.enabled(on: context.connection).contains { $0.name == "stripe" }
        return MyCardsPage(try SavedCards.list(for: context.caller), setup: setup, canAdd: canAdd, csrfToken: try context.csrfToken())
    }
}
