/// Staff pages for orders (`/admin/orders`) and the dashboard.
enum OrderPages {
    static func register(_ router: inout Router) {
        router.get("/admin/orders", OrderPagesHandler.list)
        router.get("/admin/orders/new", OrderPagesHandler.newForm)
        router.post("/admin/orders", OrderPagesHandler.create)
        router.get("/admin/orders/{id}", OrderPagesHandler.detail)
        router.post("/admin/orders/{id}", OrderPagesHandler.update)
        router.post("/admin/orders/{id}/pay", OrderPagesHandler.pay)
        router.post("/admin/orders/{id}/delete", OrderPagesHandler.delete)
    }
}
