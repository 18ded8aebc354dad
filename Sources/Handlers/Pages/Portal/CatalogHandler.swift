import Domain
import Views

/// `/catalog`: what is on sale, and ordering it with the same use case staff use.
enum CatalogHandler {
    static func show(_ request: Request, _ context: RequestContext) throws -> Response {
        try context.page(CatalogPage(products: try Products.catalog(on: context.connection), viewer: context.signedInUser,
                                     csrfToken: try context.csrfToken()))
    }

    static func order(_ request: Request, _ context: RequestContext) throws -> Response {
        let form = try context.form()
        let lines = try OrderLineInput.validate([OrderLineInput(
            productID: String(try context.idParameter()), billingCycle: form["billing_cycle"], quantity: "1", hostname: form["hostname"],
            operatingSystem: form["operating_system"])])
        let order = try OrderPlacement.place(requestedCustomerID: nil, lines: lines, by: context.caller)
        return .redirect(to: "/my/orders/\(order.id)?placed=1")
    }

    /// The catalog again with why the order was refused.
    static func refused(_ refusal: Refusal, _ request: Request, _ context: RequestContext) throws -> Response {
        let alert = refusal.issues.isEmpty
            ? refusal.error.detail
            : "Not ordered: " + refusal.issues.map { "\($0.field.split(separator: ".").last ?? "") \($0.message)" }.joined(separator: "; ")
        return try context.page(CatalogPage(products: try Products.catalog(on: context.connection), viewer: context.signedInUser, alert: alert,
                                            csrfToken: try context.csrfToken()))
    }
}
