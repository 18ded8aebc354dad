/// The customer portal: catalog and checkout, my orders, my servers, account.
enum CustomerPages {
    static func register(_ router: inout Router) {
        router.get("/catalog", CatalogHandler.show)
        router.post("/catalog/{id}/order", CatalogHandler.order)
        router.get("/my/orders", MyOrdersHandler.list)
        router.get("/my/orders/{id}", MyOrdersHandler.detail)
        router.get("/my/servers", MyServersHandler.list)
        router.get("/my/servers/{id}", MyServersHandler.detail)
        router.post("/my/servers/{id}/credentials", MyServersHandler.reveal)
        router.post("/my/servers/{id}/reboot", MyServersHandler.reboot)
        router.get("/my/account", AccountHandler.show)
        router.post("/account/profile", AccountHandler.updateProfile)
        router.post("/account/password", AccountHandler.changePassword)
    }
}
