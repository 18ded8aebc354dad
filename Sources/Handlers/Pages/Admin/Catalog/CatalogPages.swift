/// Staff pages for the product catalog and customers (`/admin/products`, `/admin/customers`).
enum CatalogPages {
    static func register(_ router: inout Router) {
        router.get("/admin/products", ProductPagesHandler.list)
        router.get("/admin/products/new", ProductPagesHandler.new)
        router.post("/admin/products", ProductPagesHandler.create)
        router.get("/admin/products/{id}", ProductPagesHandler.edit)
        router.post("/admin/products/{id}", ProductPagesHandler.update)
        router.post("/admin/products/{id}/active", ProductPagesHandler.setActive)
        router.post("/admin/products/{id}/delete", ProductPagesHandler.delete)

        router.get("/admin/customers", CustomerPagesHandler.list)
        router.get("/admin/customers/new", CustomerPagesHandler.new)
        router.post("/admin/customers", CustomerPagesHandler.create)
        router.get("/admin/customers/{id}", CustomerPagesHandler.show)
        router.post("/admin/customers/{id}", CustomerPagesHandler.update)
        router.post("/admin/customers/{id}/delete", CustomerPagesHandler.delete)
    }
}
