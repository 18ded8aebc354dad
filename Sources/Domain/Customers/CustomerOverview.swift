/// A customer with their newest orders, for staff.
public struct CustomerOverview {
    public let customer: Customer
    public let orders: [Order]
    /// True when the customer has more orders than `orders` shows.
    public let moreOrders: Bool

    /// Loads customer `id` (404 when there is none) for a staff caller.
    public static func load(id: Int, for caller: Caller, orderLimit: Int = 20) throws -> CustomerOverview {
        _ = try caller.staff()
        guard let customer = try Customers.find(id: id, on: caller.connection) else { throw DomainError.notFound("No such customer.") }
        let orders = try Orders.list(Orders.Filter(customerID: customer.id), page: PageRequest(limit: orderLimit), for: caller)
        return CustomerOverview(customer: customer, orders: orders.items, moreOrders: orders.nextCursor != nil)
    }
}
