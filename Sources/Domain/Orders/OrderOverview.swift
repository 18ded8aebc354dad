/// An order with the servers it became (and, for staff, its history), for a caller who may see it.
public struct OrderOverview {
    public let order: Order
    public let servers: [ServerInstance]
    /// The order's audit trail, newest first; empty for customers (it names staff).
    public let history: [AuditEntry]

    /// Loads order `id` if `caller` may see it (404 otherwise).
    public static func load(id: Int, for caller: Caller, historyLimit: Int = 50) throws -> OrderOverview {
        let order = try Orders.visible(id: id, to: caller)
        let history = caller.isStaff
            ? try AuditLog.list(on: caller.connection, page: PageRequest(limit: historyLimit), targetType: "order", targetID: String(order.id)).items
            : []
        return OrderOverview(order: order, servers: try Instances.forOrder(order.id, on: caller.connection), history: history)
    }
}
