import Postgres

/// Turns a paid order's hand-over rows into servers and provisioning jobs — in the payment's
/// own transaction, so a payment without its servers (or servers twice) cannot happen.
enum HandOver {
    static func provision(orderID: Int, actor: Actor, on connection: PostgresConnection) throws {
        let created = try connection.query(
            """
            INSERT INTO server_instances (customer_id, order_id, order_item_id, provisioning_request_id, product_id, provisioning_module,
                hostname, cpu_cores, ram_gb, storage_gb, storage_type, bandwidth_tb, operating_system, datacenter_location, region, provider)
            SELECT o.customer_id, o.id, i.id, r.id, p.id, p.provisioning_module,
                   CASE WHEN i.hostname = '' THEN '' WHEN i.quantity = 1 THEN i.hostname ELSE i.hostname || '-' || (r.unit_index + 1) END,
                   p.cpu_cores, p.ram_gb, p.storage_gb, p.storage_type, p.bandwidth_tb, i.operating_system, p.datacenter_location, p.region, p.provider
            FROM provisioning_requests r JOIN order_items i ON i.id = r.order_item_id JOIN orders o ON o.id = r.order_id
            JOIN products p ON p.id = i.product_id
            WHERE r.order_id = $1 AND r.status = 'pending'
            ON CONFLICT (provisioning_request_id) DO NOTHING
            RETURNING id, customer_id
            """, [orderID])
        try connection.query("UPDATE provisioning_requests SET status = 'taken' WHERE order_id = $1", [orderID])
        for row in created {
            try connection.query(
                "INSERT INTO jobs (action, instance_id, customer_id, requested_by, requested_label) VALUES ('provision', $1, $2, $3, $4)",
                [try row.decode(Int.self, "id"), try row.decode(Int.self, "customer_id"), actor.userID, actor.label])
        }
    }
}
