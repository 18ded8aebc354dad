/// Staff pages for orders (`/admin/orders`).
enum OrderPages {
    static func register(_ router: inout Router) {
    }
}
