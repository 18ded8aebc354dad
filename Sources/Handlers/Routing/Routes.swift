import Domain

/// Every route of the portal, in one place.
enum Routes {
    static func all() -> Router {
        var router = Router()
        router.get("/health", HealthHandler.health)
        router.get("/", HomeHandler.root)

        router.get("/login", LoginHandler.form)
        router.post("/login", LoginHandler.submit)
        router.get("/login/2fa", LoginHandler.secondFactorForm)
        router.post("/login/2fa", LoginHandler.secondFactorSubmit)
        router.post("/logout", LoginHandler.logout)
        router.get("/register", RegisterHandler.form)
        router.post("/register", RegisterHandler.submit)

        router.get("/account", AccountHandler.show)
        router.post("/account/tokens", AccountHandler.createToken)
        router.post("/account/tokens/{id}/revoke", AccountHandler.revokeToken)
        router.post("/account/sessions/end-others", AccountHandler.endOtherSessions)
        router.get("/account/2fa", EnrolmentHandler.form)
        router.post("/account/2fa", EnrolmentHandler.confirm)

        router.get("/admin", DashboardHandler.show)
        router.get("/admin/staff", StaffHandler.list)
        router.post("/admin/staff/{id}/reset-2fa", StaffHandler.resetTwoFactor)
        router.get("/admin/audit", LogHandler.auditPage)
        router.get("/admin/sessions", LogHandler.sessionsPage)
        router.get("/my", HomeHandler.customer)
        CatalogPages.register(&router)
        OrderPages.register(&router)
        ServerPages.register(&router)
        CustomerPages.register(&router)
        DocsPages.register(&router)

        router.post("/api/v1/auth/register", AuthAPIHandler.register)
        router.post("/api/v1/auth/login", AuthAPIHandler.login)
        router.get("/api/v1/me", TokensAPIHandler.me)
        router.get("/api/v1/tokens", TokensAPIHandler.list)
        router.post("/api/v1/tokens", TokensAPIHandler.create)
        router.delete("/api/v1/tokens/{id}", TokensAPIHandler.revoke)
        router.get("/api/v1/dedicated-servers/products", ProductsAPIHandler.list)
        router.post("/api/v1/dedicated-servers/products", ProductsAPIHandler.create)
        router.get("/api/v1/dedicated-servers/products/{id}", ProductsAPIHandler.show)
        router.put("/api/v1/dedicated-servers/products/{id}", ProductsAPIHandler.replace)
        router.delete("/api/v1/dedicated-servers/products/{id}", ProductsAPIHandler.delete)
        router.get("/api/v1/customers", CustomersAPIHandler.list)
        router.post("/api/v1/customers", CustomersAPIHandler.create)
        router.get("/api/v1/customers/{id}", CustomersAPIHandler.show)
        router.patch("/api/v1/customers/{id}", CustomersAPIHandler.update)
        router.delete("/api/v1/customers/{id}", CustomersAPIHandler.delete)
        router.get("/api/v1/orders", OrdersAPIHandler.list)
        router.post("/api/v1/orders", OrdersAPIHandler.create)
        router.get("/api/v1/orders/{id}", OrdersAPIHandler.show)
        router.patch("/api/v1/orders/{id}", OrdersAPIHandler.update)
        router.delete("/api/v1/orders/{id}", OrdersAPIHandler.delete)
        router.post("/api/v1/orders/{id}/pay", OrdersAPIHandler.pay)
        router.post("/api/v1/dedicated-servers/provision", ServersAPIHandler.provision)
        router.get("/api/v1/dedicated-servers/instances", ServersAPIHandler.list)
        router.get("/api/v1/dedicated-servers/instances/{id}", ServersAPIHandler.show)
        router.put("/api/v1/dedicated-servers/instances/{id}", ServersAPIHandler.update)
        router.get("/api/v1/dedicated-servers/instances/{id}/status", ServersAPIHandler.status)
        router.get("/api/v1/dedicated-servers/instances/{id}/credentials", ServersAPIHandler.credentials)
        for action in [ServerAction.suspend, .unsuspend, .terminate, .reboot] {
            router.post("/api/v1/dedicated-servers/instances/{id}/\(action.rawValue)", ServersAPIHandler.action(action))
        }
        router.post("/api/v1/dedicated-servers/instances/{id}/retry", ServersAPIHandler.action(.provision))
        router.get("/api/v1/jobs/{id}", ServersAPIHandler.job)
        router.get("/api/v1/audit", LogHandler.auditJSON)
        router.get("/api/v1/sessions/logs", LogHandler.sessionsJSON)
        return router
    }
}
