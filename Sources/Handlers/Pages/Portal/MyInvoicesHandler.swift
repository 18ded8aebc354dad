import Domain
import Views

/// `/my/invoices`: a customer's own invoices; anyone else's answer 404. An unpaid one offers
/// "Pay now" with each enabled gateway; `?checkout=` shows how a payment started here went.
enum MyInvoicesHandler {
    static func list(_ request: Request, _ context: RequestContext) throws -> Response {
        try context.page(MyInvoicesPage(try Invoices.list(Invoices.Filter(), page: try context.pageRequest(), for: context.caller)))
    }

    static func detail(_ request: Request, _ context: RequestContext) throws -> Response {
        try context.page(try page(context))
    }

    /// "Pay now": starts a checkout and sends the customer to the gateway's page.
    static func checkout(_ request: Request, _ context: RequestContext) throws -> Response {
        let started = try CheckoutSessions.start(invoiceID: try context.idParameter(), gateway: try context.form()["gateway"] ?? "",
                                                 by: context.caller, gateways: context.services.paymentGateways)
        return try context.handOff(to: started.url)
    }

    /// The invoice again with why paying could not start.
    static func refused(_ refusal: Refusal, _ request: Request, _ context: RequestContext) throws -> Response {
        var model = try page(context)
        model.alert = refusal.message
        return try context.page(model)
    }

    private static func page(_ context: RequestContext) throws -> MyInvoicesPage {
        let id = try context.idParameter()
        var invoice = try Invoices.visible(id: id, to: context.caller)
        let checkout = try context.query["checkout"].flatMap { try CheckoutSessions.visible(id: $0, invoiceID: id, to: context.caller) }
        // The payment and the session's `paid` commit together: a session read as paid after an invoice
        // read as unpaid means the payment landed in between, so the invoice is read again.
        if checkout?.status == .paid && invoice.status != .paid { invoice = try Invoices.visible(id: id, to: context.caller) }
        return MyInvoicesPage(invoice, payWith: try PaymentGateways.enabled(on: context.connection), checkout: checkout,
                              csrfToken: try context.csrfToken())
    }
}
