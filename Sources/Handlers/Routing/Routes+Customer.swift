import Domain

extension Routes {
    /// The customer portal: their servers, orders, invoices, saved cards and notification choices.
    static func customer(_ r: inout RouteGroup) {
        r.get("/my", HomeHandler.customer)
        r.post("/catalog/{id}/order", refusal: CatalogHandler.refused, CatalogHandler.order)
        r.get("/my/orders", MyOrdersHandler.list)
        r.get("/my/orders/{id}", MyOrdersHandler.detail)
        r.get("/my/invoices", MyInvoicesHandler.list)
        r.get("/my/invoices/{id}", MyInvoicesHandler.detail)
        r.get("/my/invoices/{id}/pdf", InvoicePDFHandler.download)
        r.post("/my/invoices/{id}/checkout", refusal: MyInvoicesHandler.refused, MyInvoicesHandler.checkout)
        r.get("/my/servers", MyServersHandler.list)
        r.get("/my/servers/{id}", MyServersHandler.detail)
        r.post("/my/servers/{id}/credentials", refusal: MyServersHandler.refused, MyServersHandler.reveal)
        r.post("/my/servers/{id}/reboot", refusal: MyServersHandler.refused, MyServersHandler.reboot)
        r.post("/my/servers/{id}/cancel", refusal: MyServersHandler.refused, MyServersHandler.cancel)
        r.post("/my/servers/{id}/change-product", refusal: MyServersHandler.refused, MyServersHandler.changeProduct)
        r.get("/my/account", AccountHandler.show)
        r.get("/my/account/notifications", MyNotificationsHandler.show)
        r.post("/my/account/notifications", refusal: MyNotificationsHandler.refused, MyNotificationsHandler.update)
        r.post("/my/account/notifications/phone", refusal: MyNotificationsHandler.refused, MyNotificationsHandler.startPhone)
        r.post("/my/account/notifications/phone/confirm", refusal: MyNotificationsHandler.refused, MyNotificationsHandler.confirmPhone)
        r.post("/my/account/notifications/phone/remove", refusal: MyNotificationsHandler.refused, MyNotificationsHandler.removePhone)
        r.get("/my/account/payment-methods", MyCardsHandler.show)
        r.post("/my/account/payment-methods/setup", refusal: MyCardsHandler.refused, MyCardsHandler.setup)
        r.post("/my/account/payment-methods/{id}/remove", refusal: MyCardsHandler.refused, MyCardsHandler.remove)
        r.post("/my/account/payment-methods/{id}/auto-pay", refusal: MyCardsHandler.refused, MyCardsHandler.autoPay)
        r.get("/api/v1/payment-methods", PaymentMethodsAPIHandler.list)
        r.post("/api/v1/payment-methods/setup", PaymentMethodsAPIHandler.setup)
        r.patch("/api/v1/payment-methods/{id}", PaymentMethodsAPIHandler.update)
        r.delete("/api/v1/payment-methods/{id}", PaymentMethodsAPIHandler.remove)
    }
}
