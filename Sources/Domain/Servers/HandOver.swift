import Postgres

/// Turns a paid order's hand-over rows into servers and provisioning jobs — in the payment's
/// own transaction, so a payment without its servers (or servers twice) cannot happen.
///
/// Each server is a service: its cycle and recurring amount come from the order line, its first
/// period is the one the order's paid invoice billed (from the order day; `today` for an order
/// without one), so it is paid through that period's end and that period is on record.
enum HandOver {
    static func provision(orderID: Int, actor: Actor, today: CalendarDay, on connection: PostgresConnection) throws {
        let created = try connection.query(
            """
            WITH made AS (
              INSERT INTO server_instances (customer_id, order_id, order_item_id, provisioning_request_id, product_id, provisioning_module,
                  hostname, cpu_cores, ram_gb, storage_gb, storage_type, bandwidth_tb, operating_system, datacenter_location, region, provider,
                  billing_cycle, recurring_amount, currency, billing_anchor, next_due_date, invoiced_until)
              SELECT o.customer_id, o.id, i.id, r.id, p.id, p.provisioning_module,
                     CASE WHEN i.hostname = '' THEN '' WHEN i.quantity = 1 THEN i.hostname ELSE i.hostname || '-' || (r.unit_index + 1) END,
                     p.cpu_cores, p.ram_gb, p.storage_gb, p.storage_type, p.bandwidth_tb, i.operating_system, p.datacenter_location, p.region,
                     p.provider, i.billing_cycle, i.unit_price, o.currency, coalesce(first.period_start, $2::date),
                     coalesce(first.period_end, ($2::date + make_interval(months => CASE i.billing_cycle WHEN 'monthly' THEN 1
                                                    WHEN 'quarterly' THEN 3 ELSE 12 END))::date),
                     coalesce(first.period_end, ($2::date + make_interval(months => CASE i.billing_cycle WHEN 'monthly' THEN 1
                                                    WHEN 'quarterly' THEN 3 ELSE 12 END))::date)
              FROM provisioning_requests r JOIN order_items i ON i.id = r.order_item_id JOIN orders o ON o.id = r.order_id
              JOIN products p ON p.id = i.product_id
              LEFT JOIN LATERAL (
                  SELECT ii.id, ii.invoice_id, ii.period_start, ii.period_end FROM invoice_items ii JOIN invoices v ON v.id = ii.invoice_id
                  WHERE ii.order_item_id = i.id AND ii.kind = 'new_service' AND v.status = 'paid' ORDER BY ii.id DESC LIMIT 1) first ON true
              WHERE r.order_id = $1 AND r.status = 'pending'
              ON CONFLICT (provisioning_request_id) DO NOTHING
              RETURNING id, customer_id, order_item_id, billing_anchor, next_due_date),
            periods AS (
              INSERT INTO billing_periods (service_id, period_start, period_end, invoice_id)
              SELECT made.id, made.billing_anchor, made.next_due_date, ii.invoice_id
              FROM made JOIN LATERAL (
                  SELECT ii.id, ii.invoice_id FROM invoice_items ii JOIN invoices v ON v.id = ii.invoice_id
                  WHERE ii.order_item_id = made.order_item_id AND ii.kind = 'new_service' AND v.status = 'paid'
                  ORDER BY ii.id DESC LIMIT 1) ii ON true)
            SELECT id, customer_id FROM made
            """, [orderID, today])
        try connection.query("UPDATE provisioning_requests SET status = 'taken' WHERE order_id = $1", [orderID])
        for row in created {
            try connection.query(
                "INSERT INTO jobs (action, instance_id, customer_id, requested_by, requested_label) VALUES ('provision', $1, $2, $3, $4)",
                [try row.decode(Int.self, "id"), try row.decode(Int.self, "customer_id"), actor.userID, actor.label])
        }
    }
}
