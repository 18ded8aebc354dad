import Domain

/// Saved cards over JSON (`/api/v1/payment-methods`, the customer's own; staff read a customer's
/// at `/api/v1/customers/{id}/payment-methods`). Adding one answers the hosted page's URL.
enum PaymentMethodsAPIHandler {
    static func list(_ request: Request, _ context: RequestContext) throws -> Response {
        try .json(ListBody(items: try SavedCards.list(for: context.caller), nextCursor: nil))
    }

    static func listForCustomer(_ request: Request, _ context: RequestContext) throws -> Response {
        try .json(ListBody(items: try SavedCards.list(customerID: try context.idParameter(), for: context.caller), nextCursor: nil))
    }

    /// `{"gateway": "stripe"}` → `{"url", "setup"}`: where to send the customer to enter a card.
    static func setup(_ request: Request, _ context: RequestContext) throws -> Response {
        let gateway = try JSONObject(context).text("gateway") ?? ""
        guard !gateway.isEmpty else { throw DomainError.invalid("gateway", "is required") }
        let started = try SavedCards.startSetup(by: context.caller, gateway: gateway, gateways: context.services.paymentGateways)
        return try .json(Started(url: started.url, setup: started.setupID), status: .created)
    }

    static func remove(_ request: Request, _ context: RequestContext) throws -> Response {
        try .json(try SavedCards.remove(id: try context.idParameter(), by: context.caller, gateways: context.services.paymentGateways))
    }

    /// `{"auto_pay": true|false}`: choose the card for automatic payment, or stop using it.
    static func update(_ request: Request, _ context: RequestContext) throws -> Response {
        guard case .bool(let on)? = try JSONObject(context).fields["auto_pay"] else { throw DomainError.invalid("auto_pay", "must be true or false") }
        return try .json(try SavedCards.chooseForAutoPay(id: try context.idParameter(), on: on, by: context.caller))
    }

    private struct Started: Encodable {
        var url: String
        var setup: String
    }
}
