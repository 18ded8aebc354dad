import Postgres

/// A pending order becomes paid: one hand-over row per server to build, the order `paid`, the
/// servers made (with their billing from the order's invoice) — all in the caller's transaction.
enum OrderSettlement {
    static func complete(orderID: Int, actor: Actor, today: CalendarDay, on connection: PostgresConnection) throws {
        try connection.query(
            """
            INSERT INTO provisioning_requests (order_id, order_item_id, unit_index)
            SELECT i.order_id, i.id, unit FROM order_items i, generate_series(0, i.quantity - 1) AS unit WHERE i.order_id = $1
            """, [orderID])
        try connection.query("UPDATE orders SET status = 'paid', paid_at = now() WHERE id = $1", [orderID])
        try WebhookEvents.emit("order.paid", key: String(orderID), data: ["order_id": orderID], on: connection)
        try HandOver.provision(orderID: orderID, actor: actor, today: today, on: connection)
    }
}
