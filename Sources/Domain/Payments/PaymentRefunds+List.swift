import Postgres

extension PaymentRefunds {
    /// Refunds newest first, refused ones with the gateway's reason (staff); `status`
    /// (pending, succeeded, refused) and `gateway` filter when given.
    public static func list(page: PageRequest, status: String? = nil, gateway: String? = nil, for caller: Caller) throws -> Page<PaymentRefund> {
        _ = try caller.staff()
        if let status, PaymentRefund.Status(rawValue: status) == nil {
            throw DomainError.invalid("status", "must be one of pending, succeeded, refused")
        }
        if let gateway, gateway.isEmpty || gateway.count > 40 { throw DomainError.invalid("gateway", "must be a gateway name") }
        var filter = SQLFilter()
        filter.add("id < ?", page.afterID)
        filter.add("status = ?", status)
        filter.add("gateway = ?", gateway)
        let rows = try caller.connection.query(
            "SELECT \(unescaped: PaymentRefund.columns) FROM payment_refunds \(filter.whereClause) ORDER BY id DESC LIMIT \(page.limit + 1)")
        return page.page(try rows.map(PaymentRefund.init(row:)), id: \.id)
    }
}
