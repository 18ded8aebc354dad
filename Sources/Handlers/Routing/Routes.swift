import Domain

/// Every route of the portal, grouped by who may call it. `AccessGuardMiddleware` enforces the
/// group before any handler runs; `stepUp` marks changes that need a fresh two-factor code.
public enum Routes {
    /// The route table, built once per worker.
    public static func all() -> Router {
        var router = Router()
        router.group(.anyone) { r in
            r.get("/health", HealthHandler.health)
            r.get("/", HomeHandler.root)
            r.get("/login", LoginHandler.form)
            r.post("/login", refusal: LoginHandler.refusedPassword, LoginHandler.submit)
            r.get("/login/2fa", LoginHandler.secondFactorForm)
            r.post("/login/2fa", refusal: LoginHandler.refusedSecondFactor, LoginHandler.secondFactorSubmit)
            r.post("/logout", LoginHandler.logout)
            r.get("/register", RegisterHandler.form)
            r.post("/register", refusal: RegisterHandler.refused, RegisterHandler.submit)
            r.get("/catalog", CatalogHandler.show)
            r.get("/docs", DocsPages.reference)
            r.get("/docs/try", DocsPages.tryIt)
            r.get("/api/v1/openapi.json", DocsPages.document)
            r.post("/api/v1/auth/register", AuthAPIHandler.register)
            r.post("/api/v1/auth/login", AuthAPIHandler.login)
        }
        router.group(.signedIn) { r in
            r.get("/account", AccountHandler.show)
            r.post("/account/profile", refusal: AccountHandler.refused, AccountHandler.updateProfile)
            r.post("/account/password", refusal: AccountHandler.refused, AccountHandler.changePassword)
            r.post("/account/tokens", refusal: AccountHandler.refused, AccountHandler.createToken)
            r.post("/account/tokens/{id}/revoke", AccountHandler.revokeToken)
            r.post("/account/sessions/end-others", AccountHandler.endOtherSessions)
            r.get("/account/2fa", EnrolmentHandler.form)
            r.post("/account/2fa", refusal: EnrolmentHandler.refused, EnrolmentHandler.confirm)
            r.post("/account/2fa/recovery-codes", stepUp: true, refusal: AccountHandler.refusedTwoFactor, EnrolmentHandler.regenerateRecoveryCodes)
            r.post("/account/2fa/disable", stepUp: true, refusal: AccountHandler.refusedTwoFactor, EnrolmentHandler.disable)

            r.get("/api/v1/me", TokensAPIHandler.me)
            r.get("/api/v1/account", AccountAPIHandler.show)
            r.patch("/api/v1/account", AccountAPIHandler.update)
            r.post("/api/v1/account/password", AccountAPIHandler.changePassword)
            r.get("/api/v1/account/sessions", AccountAPIHandler.sessions)
            r.post("/api/v1/account/sessions/end-others", AccountAPIHandler.endOtherSessions)
            r.post("/api/v1/account/2fa", TwoFactorAPIHandler.start)
            r.post("/api/v1/account/2fa/confirm", TwoFactorAPIHandler.confirm)
            r.post("/api/v1/account/2fa/recovery-codes", stepUp: true, TwoFactorAPIHandler.regenerateRecoveryCodes)
            r.delete("/api/v1/account/2fa", stepUp: true, TwoFactorAPIHandler.disable)
            r.get("/api/v1/tokens", TokensAPIHandler.list)
            r.post("/api/v1/tokens", TokensAPIHandler.create)
            r.delete("/api/v1/tokens/{id}", TokensAPIHandler.revoke)
            // Staff see everything, customers their own (Domain scopes by the caller).
            r.get("/api/v1/dedicated-servers/products", ProductsAPIHandler.list)
            r.get("/api/v1/dedicated-servers/products/{id}", ProductsAPIHandler.show)
            r.get("/api/v1/orders", OrdersAPIHandler.list)
            r.post("/api/v1/orders", OrdersAPIHandler.create)
            r.get("/api/v1/orders/{id}", OrdersAPIHandler.show)
            r.get("/api/v1/dedicated-servers/instances", ServersAPIHandler.list)
            r.get("/api/v1/dedicated-servers/instances/{id}", ServersAPIHandler.show)
            r.get("/api/v1/dedicated-servers/instances/{id}/status", ServersAPIHandler.status)
            r.get("/api/v1/dedicated-servers/instances/{id}/credentials", ServersAPIHandler.credentials)
            r.post("/api/v1/dedicated-servers/instances/{id}/reboot", ServersAPIHandler.action(.reboot))
            r.get("/api/v1/jobs/{id}", ServersAPIHandler.job)
            r.get("/api/v1/invoices", InvoicesAPIHandler.list)
            r.get("/api/v1/invoices/{id}", InvoicesAPIHandler.show)
        }
        router.group(.customer) { r in
            r.get("/my", HomeHandler.customer)
            r.post("/catalog/{id}/order", refusal: CatalogHandler.refused, CatalogHandler.order)
            r.get("/my/orders", MyOrdersHandler.list)
            r.get("/my/orders/{id}", MyOrdersHandler.detail)
            r.get("/my/servers", MyServersHandler.list)
            r.get("/my/servers/{id}", MyServersHandler.detail)
            r.post("/my/servers/{id}/credentials", refusal: MyServersHandler.refused, MyServersHandler.reveal)
            r.post("/my/servers/{id}/reboot", refusal: MyServersHandler.refused, MyServersHandler.reboot)
            r.get("/my/account", AccountHandler.show)
        }
        router.group(.staff) { r in
            r.get("/admin", DashboardHandler.show)
            r.get("/admin/staff", StaffHandler.list)
            r.get("/admin/audit", LogHandler.auditPage)
            r.get("/admin/sessions", LogHandler.sessionsPage)

            r.get("/admin/products", refusal: ProductPagesHandler.refusedList, ProductPagesHandler.list)
            r.get("/admin/products/new", ProductPagesHandler.new)
            r.post("/admin/products", refusal: ProductPagesHandler.refusedForm, ProductPagesHandler.create)
            r.get("/admin/products/{id}", ProductPagesHandler.edit)
            r.post("/admin/products/{id}", refusal: ProductPagesHandler.refusedForm, ProductPagesHandler.update)
            r.post("/admin/products/{id}/active", refusal: ProductPagesHandler.refusedForm, ProductPagesHandler.update)
            r.post("/admin/products/{id}/delete", refusal: ProductPagesHandler.refusedForm, ProductPagesHandler.delete)

            r.get("/admin/customers", refusal: CustomerPagesHandler.refusedList, CustomerPagesHandler.list)
            r.get("/admin/customers/new", CustomerPagesHandler.new)
            r.post("/admin/customers", refusal: CustomerPagesHandler.refusedNew, CustomerPagesHandler.create)
            r.get("/admin/customers/{id}", CustomerPagesHandler.show)
            r.post("/admin/customers/{id}", refusal: CustomerPagesHandler.refusedDetail, CustomerPagesHandler.update)
            r.post("/admin/customers/{id}/delete", refusal: CustomerPagesHandler.refusedDetail, CustomerPagesHandler.delete)

            r.get("/admin/orders", refusal: OrderPagesHandler.refusedList, OrderPagesHandler.list)
            r.get("/admin/orders/new", OrderPagesHandler.newForm)
            r.post("/admin/orders", refusal: OrderPagesHandler.refusedNew, OrderPagesHandler.create)
            r.get("/admin/orders/{id}", OrderPagesHandler.detail)
            r.post("/admin/orders/{id}", stepUp: true, refusal: OrderPagesHandler.refusedDetail, OrderPagesHandler.update)
            r.post("/admin/orders/{id}/pay", stepUp: true, refusal: OrderPagesHandler.refusedDetail, OrderPagesHandler.pay)
            r.post("/admin/orders/{id}/delete", stepUp: true, refusal: OrderPagesHandler.refusedDetail, OrderPagesHandler.delete)

            r.get("/admin/servers", refusal: ServerListHandler.refused, ServerListHandler.list)
            r.get("/admin/servers/{id}", ServerPagesHandler.detail)
            r.post("/admin/servers/{id}", refusal: ServerPagesHandler.refused, ServerPagesHandler.update)
            r.post("/admin/servers/{id}/actions/{action}", refusal: ServerPagesHandler.refused, ServerPagesHandler.action)
            r.post("/admin/servers/{id}/credentials", refusal: ServerPagesHandler.refused, ServerPagesHandler.credentials)
            r.get("/admin/tasks", TaskPagesHandler.list)
            r.post("/admin/tasks/{id}/complete", refusal: TaskPagesHandler.refused, TaskPagesHandler.complete)
            r.post("/admin/tasks/{id}/fail", refusal: TaskPagesHandler.refused, TaskPagesHandler.fail)

            r.post("/api/v1/dedicated-servers/products", ProductsAPIHandler.create)
            r.put("/api/v1/dedicated-servers/products/{id}", ProductsAPIHandler.replace)
            r.delete("/api/v1/dedicated-servers/products/{id}", ProductsAPIHandler.delete)
            r.get("/api/v1/customers", CustomersAPIHandler.list)
            r.post("/api/v1/customers", CustomersAPIHandler.create)
            r.get("/api/v1/customers/{id}", CustomersAPIHandler.show)
            r.patch("/api/v1/customers/{id}", CustomersAPIHandler.update)
            r.delete("/api/v1/customers/{id}", CustomersAPIHandler.delete)
            r.patch("/api/v1/orders/{id}", stepUp: true, OrdersAPIHandler.update)
            r.delete("/api/v1/orders/{id}", stepUp: true, OrdersAPIHandler.delete)
            r.post("/api/v1/orders/{id}/pay", stepUp: true, OrdersAPIHandler.pay)
            r.post("/api/v1/invoices/{id}/payments", stepUp: true, InvoicesAPIHandler.recordPayment)
            r.post("/api/v1/invoices/{id}/cancel", stepUp: true, InvoicesAPIHandler.cancel)
            r.post("/api/v1/dedicated-servers/provision", ServersAPIHandler.provision)
            r.put("/api/v1/dedicated-servers/instances/{id}", ServersAPIHandler.update)
            for action in [ServerAction.suspend, .unsuspend, .terminate] {
                r.post("/api/v1/dedicated-servers/instances/{id}/\(action.rawValue)", ServersAPIHandler.action(action))
            }
            r.post("/api/v1/dedicated-servers/instances/{id}/retry", ServersAPIHandler.action(.provision))
            r.get("/api/v1/audit", LogHandler.auditJSON)
            r.get("/api/v1/sessions/logs", LogHandler.sessionsJSON)
            r.get("/api/v1/dashboard", StaffAPIHandler.dashboard)
            r.get("/api/v1/staff", StaffAPIHandler.list)
            r.get("/api/v1/tasks", TasksAPIHandler.list)
            r.post("/api/v1/tasks/{id}/complete", TasksAPIHandler.complete)
            r.post("/api/v1/tasks/{id}/fail", TasksAPIHandler.fail)
        }
        router.group(.admin) { r in
            r.post("/admin/staff/{id}/reset-2fa", StaffHandler.resetTwoFactor)
            r.post("/api/v1/staff/{id}/reset-2fa", StaffAPIHandler.resetTwoFactor)
        }
        return router
    }
}
