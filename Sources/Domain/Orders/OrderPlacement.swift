import Foundation
import Postgres

/// Placing orders: prices copied from the product, stock reserved atomically.
public enum OrderPlacement {
    /// Places an order as `caller`: a customer orders for themselves (another `customerID` is
    /// refused) once their email address is confirmed, staff for the customer they name.
    public static func place(requestedCustomerID: Int?, lines: [OrderLine], notes: String = "", by caller: Caller) throws -> Order {
        let user = try caller.signedIn()
        let customerID: Int
        if user.role.isStaff {
            guard let requestedCustomerID else { throw DomainError.invalid("customer_id", "is required") }
            customerID = requestedCustomerID
        } else {
            if let requestedCustomerID, requestedCustomerID != user.id { throw DomainError.invalid("customer_id", "must be your own account") }
            guard user.emailVerified else { throw DomainError.forbidden(EmailVerification.confirmFirst) }
            customerID = user.id
        }
        return try place(customerID: customerID, lines: lines, notes: notes, on: caller.connection, actor: caller.actor, origin: caller.origin)
    }

    /// Places a pending order for `customerID` and issues its first invoice (dated `moment`). Stock is taken in the same statement that
    /// checks it, so concurrent orders can never take more than there is.
    public static func place(
        customerID: Int, lines: [OrderLine], notes: String = "", on connection: PostgresConnection, actor: Actor, origin: RequestOrigin,
        at moment: Date = Date()
    ) throws -> Order {
        let notes = notes.trimmingCharacters(in: .whitespacesAndNewlines)
        guard notes.count <= 2000 else { throw DomainError.invalid("notes", "must be at most 2000 characters") }
        return try connection.transaction { connection in
            guard let customer = try Users.find(id: customerID, on: connection), customer.role == .customer else {
                throw DomainError.invalid("customer_id", "is not a customer")
            }
            guard customer.isActive else { throw DomainError.invalid("customer_id", "is a disabled account") }
            let row = try connection.query(
                "INSERT INTO orders (customer_id, total, notes, created_by) VALUES ($1, 0, $2, $3) RETURNING id",
                [customerID, notes, actor.userID])[0]
            let orderID = try row.decode(Int.self, "id")
            let total = try reserve(lines, orderID: orderID, on: connection)
            try connection.query("UPDATE orders SET total = $2 WHERE id = $1", [orderID, total])
            try OrderInvoices.issue(orderID: orderID, at: moment, on: connection)
            let order = try Orders.find(id: orderID, on: connection)!
            let portal = try NotificationSettings.load(on: connection).portalURL
            try Notify.user("order.placed", key: "order.placed:\(orderID)", customerID: customerID,
                            values: ["order_id": String(orderID), "link": portal + "/my/orders/\(orderID)"], on: connection)
            try Notify.staff("staff.order.new", key: "staff.order.new:\(orderID)",
                             values: ["order_id": String(orderID), "customer": customer.name.isEmpty ? customer.email : customer.name,
                                      "link": portal + "/admin/orders/\(orderID)"], on: connection)
            try WebhookEvents.emit("order.created", key: String(orderID), data: [
                "order_id": orderID, "customer_id": customerID, "total": "\(order.total)", "status": order.status.rawValue,
            ], on: connection)
            try AuditLog.record(on: connection, actor: actor, action: "order.created", targetType: "order",
                                targetID: String(orderID), after: order, origin: origin)
            return order
        }
    }

    /// Takes stock for each line, writes the items, returns the order total.
    static func reserve(_ lines: [OrderLine], orderID: Int, on connection: PostgresConnection) throws -> Money {
        var total = Money.zero
        for (index, line) in lines.enumerated() {
            let taken = try connection.query(
                """
                UPDATE products AS p SET stock_count = CASE WHEN stock_count IS NULL THEN NULL ELSE stock_count - $2 END,
                       current_orders = current_orders + $2
                WHERE id = $1 AND is_active AND (stock_count IS NULL OR stock_count >= $2)
                RETURNING \(Product.columns)
                """, [line.productID, line.quantity])
            guard let productRow = taken.firstRow else {
                guard let product = try Products.find(id: line.productID, on: connection), product.isActive else {
                    throw DomainError.invalid("items[\(index)].product_id", "is not a product on sale")
                }
                throw DomainError.conflict("\(product.name) is out of stock (\(product.stockCount ?? 0) left, \(line.quantity) wanted).")
            }
            let product = try Product(row: productRow)
            guard let price = product.price(for: line.billingCycle) else {
                throw DomainError.invalid("items[\(index)].billing_cycle", "\(product.name) is not sold \(line.billingCycle.rawValue)")
            }
            if !line.operatingSystem.isEmpty && !product.availableOS.isEmpty && !product.availableOS.contains(line.operatingSystem) {
                throw DomainError.invalid("items[\(index)].operating_system", "must be one of \(product.availableOS.joined(separator: ", "))")
            }
            try connection.query(
                """
                INSERT INTO order_items (order_id, product_id, billing_cycle, quantity, unit_price, setup_fee, hostname, operating_system)
                VALUES (\(orderID), \(product.id), \(line.billingCycle.rawValue), \(line.quantity), \(price), \(product.setupFee),
                        \(line.hostname), \(line.operatingSystem))
                """)
            total = total + (price + product.setupFee) * line.quantity
        }
        return total
    }

    /// Gives back the stock an order's items took.
    static func release(orderID: Int, on connection: PostgresConnection) throws {
        try connection.query(
            """
            UPDATE products p SET stock_count = CASE WHEN p.stock_count IS NULL THEN NULL ELSE p.stock_count + i.quantity END,
                   current_orders = greatest(0, p.current_orders - i.quantity)
            FROM (SELECT product_id, sum(quantity)::integer AS quantity FROM order_items WHERE order_id = $1 GROUP BY product_id) i
            WHERE p.id = i.product_id
            """, [orderID])
    }
}
