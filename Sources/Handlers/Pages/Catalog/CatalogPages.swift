/// Staff pages for the product catalog and customers (`/admin/products`, `/admin/customers`).
enum CatalogPages {
    static func register(_ router: inout Router) {
    }
}
