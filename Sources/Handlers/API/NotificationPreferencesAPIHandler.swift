import Domain

/// `/api/v1/account/notifications`: the caller's optional messages (`GET`) and their choice
/// (`PATCH {"order.placed": false}`); required ones are refused by name. Staff read a customer's
/// choices at `/api/v1/customers/{id}/notifications`.
enum NotificationPreferencesAPIHandler {
    static func show(_ request: Request, _ context: RequestContext) throws -> Response {
        try .json(ListBody(items: try NotificationPreferences.list(for: context.caller), nextCursor: nil))
    }

    static func update(_ request: Request, _ context: RequestContext) throws -> Response {
        let keys = NotificationCatalog.events.map(\.key)
        return try .json(ListBody(items: try NotificationPreferences.update(try JSONObject(context).texts(keys), for: context.caller), nextCursor: nil))
    }

    static func showForCustomer(_ request: Request, _ context: RequestContext) throws -> Response {
        try .json(ListBody(items: try NotificationPreferences.list(customerID: try context.idParameter(), for: context.caller), nextCursor: nil))
    }
}
