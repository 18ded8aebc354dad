import Foundation
import Domain
import Postgres

/// Scale data for benchmarks: customers, orders (with items and payments) and servers made
/// by PostgreSQL itself from `generate_series`, one statement per batch, plus the two bench
/// accounts `make bench` signs in with.
///
/// All scale customers of one run share one password (hashed once, so seeding stays fast);
/// the caller prints it. The bench staff account is marked enrolled in two-factor sign-in
/// (a sealed secret, `totp_enabled_at` set) so the API accepts its tokens.
public enum ScaleSeed {
    /// How much to add. Zero skips that kind.
    public struct Plan: Sendable {
        public var customers: Int
        public var servers: Int
        public var orders: Int
        public var batchSize: Int

        public init(customers: Int, servers: Int, orders: Int, batchSize: Int = 25_000) {
            self.customers = customers
            self.servers = servers
            self.orders = orders
            self.batchSize = max(1, batchSize)
        }
    }

    /// One step of progress: `done` of `total` rows of `phase`.
    public struct Progress: Sendable {
        public var phase: String
        public var done: Int
        public var total: Int
    }

    /// Rows written by a run.
    public struct Summary: Sendable {
        public var customers = 0
        public var orders = 0
        public var orderItems = 0
        public var payments = 0
        public var servers = 0
        /// Paid invoices of the services' current periods (each with one item and one billing period).
        public var invoices = 0
        public var invoicePayments = 0
        public var rows: Int { customers + orders + orderItems + payments + servers + invoices * 3 + invoicePayments }
    }

    /// Emails of the two bench accounts.
    public static let staffEmail = "bench-staff@bench.test"
    public static let customerEmail = "bench-customer@bench.test"
    /// Servers the bench customer owns (its `/my/servers` page shows them all).
    public static let benchCustomerServers = 10

    // MARK: - Scale data

    /// Adds the planned rows. Orders and servers go to this run's customers, or to every
    /// customer but the bench customer when the run adds none; servers are built from this
    /// run's active orders when it adds orders.
    public static func run(
        _ plan: Plan, passwordHash: String, on connection: PostgresConnection, progress: (Progress) -> Void
    ) throws -> Summary {
        var summary = Summary()
        let products = try connection.query("SELECT count(*) AS n FROM products WHERE is_active")[0].decode(Int.self, "n")
        guard products > 0 || (plan.orders == 0 && plan.servers == 0) else {
            throw DomainError.conflict("There are no active products to order; run `vpsctl seed` without options first.")
        }
        let benchCustomer = try Users.find(email: customerEmail, on: connection)?.id ?? 0

        let firstCustomer = try maxID("users", on: connection)
        try batches(plan.customers, plan.batchSize, phase: "customers", progress: progress) { from, to in
            summary.customers += try connection.query(customersSQL, [firstCustomer, from, to, passwordHash]).affectedRows
        }
        let lastCustomer = try maxID("users", on: connection)
        guard plan.orders > 0 || plan.servers > 0 else { return summary }

        try connection.query("DROP TABLE IF EXISTS seed_customers, seed_products, seed_items")
        try connection.query(
            """
            CREATE TEMP TABLE seed_customers AS
            SELECT (row_number() OVER (ORDER BY id))::int AS n, id FROM users
            WHERE role = 'customer' AND id <> $3 AND ($1::bigint >= $2 OR id > $1 AND id <= $2)
            """, [firstCustomer, lastCustomer, benchCustomer])
        try connection.query(
            """
            CREATE TEMP TABLE seed_products AS
            SELECT (row_number() OVER (ORDER BY id))::int AS n, id, price_monthly, price_quarterly, price_yearly, setup_fee
            FROM products WHERE is_active
            """)
        try connection.query("ANALYZE seed_customers, seed_products")
        let pool = try connection.query("SELECT count(*) AS n FROM seed_customers")[0].decode(Int.self, "n")
        guard pool > 0 else { throw DomainError.conflict("There are no customers to give orders and servers to; add some with --customers.") }

        let firstOrder = try maxID("orders", on: connection)
        try batches(plan.orders, plan.batchSize, phase: "orders", progress: progress) { from, to in
            let row = try connection.query(ordersSQL, [to - from + 1, pool, products])[0]
            summary.orders += try row.decode(Int.self, "orders")
            summary.orderItems += try row.decode(Int.self, "items")
            summary.payments += try row.decode(Int.self, "payments")
        }
        let lastOrder = try maxID("orders", on: connection)

        try connection.query(
            """
            CREATE TEMP TABLE seed_items AS
            SELECT (row_number() OVER (ORDER BY i.id))::int AS n, i.id AS item_id, o.id AS order_id, o.customer_id, i.product_id,
                   coalesce(o.paid_at, o.created_at) AS born
            FROM order_items i JOIN orders o ON o.id = i.order_id
            WHERE o.id > $1 AND o.id <= $2 AND o.status = 'active'
            """, [firstOrder, lastOrder])
        try connection.query("ANALYZE seed_items")
        let items = try connection.query("SELECT count(*) AS n FROM seed_items")[0].decode(Int.self, "n")
        let firstServer = try maxID("server_instances", on: connection)
        try batches(plan.servers, plan.batchSize, phase: "servers", progress: progress) { from, to in
            let count = to - from + 1
            let rows = items > 0
                ? try connection.query(serverInsertSQL(source: serversFromItemsSQL), [count, items])
                : try connection.query(serverInsertSQL(source: serversDirectSQL), [count, pool, products])
            summary.servers += rows.affectedRows
        }
        try connection.query(billingSQL, [firstServer])
        (summary.invoices, summary.invoicePayments) = try addInvoices(after: firstServer, batchSize: plan.batchSize, on: connection,
                                                                      progress: progress)
        try connection.query("DROP TABLE IF EXISTS seed_customers, seed_products, seed_items")
        try connection.query("ANALYZE users, orders, order_items, payments, server_instances, invoices, invoice_items, billing_periods")
        return summary
    }

    private static func maxID(_ table: String, on connection: PostgresConnection) throws -> Int {
        try connection.query("SELECT coalesce(max(id), 0)::bigint AS n FROM \(unescaped: table)")[0].decode(Int.self, "n")
    }

    /// Calls `body` with 1-based inclusive ranges of at most `size` rows and reports progress.
    private static func batches(
        _ total: Int, _ size: Int, phase: String, progress: (Progress) -> Void, _ body: (Int, Int) throws -> Void
    ) throws {
        guard total > 0 else { return }
        var done = 0
        progress(Progress(phase: phase, done: 0, total: total))
        while done < total {
            let to = min(total, done + size)
            try body(done + 1, to)
            done = to
            progress(Progress(phase: phase, done: done, total: total))
        }
    }

    /// $1 email offset (unique per run), $2…$3 the batch's range, $4 the shared password hash.
    private static let customersSQL = """
        INSERT INTO users (email, name, role, password_hash, company, phone, created_at, updated_at, password_changed_at)
        SELECT lower(x.first || '.' || x.last || '.' || ($1::bigint + g)) || '@' || x.domain, x.first || ' ' || x.last, 'customer', $4,
               CASE WHEN g % 3 = 0 THEN '' ELSE x.company END,
               CASE WHEN g % 4 = 0 THEN '' ELSE '+' || x.prefix || ' ' || lpad(((g * 7919) % 10000000)::text, 7, '0') END,
               x.born, x.born, x.born
        FROM generate_series($2::bigint, $3::bigint) g
        CROSS JOIN LATERAL (
          SELECT (ARRAY['Anna','Ben','Clara','David','Elif','Felix','Greta','Hugo','Ines','Jonas','Katarzyna','Lukas','Mia','Noah',
                        'Olga','Paul','Quentin','Rosa','Sven','Tara','Umut','Vera','Wei','Xenia','Yusuf','Zoe','Aiko','Bruno',
                        'Chiara','Dmitri','Emma','Farid','Giulia','Hannes','Ingrid','Jakub','Leila','Marco','Nora','Oskar'])
                   [1 + floor(random() * 40)::int] AS first,
                 (ARRAY['Schmidt','Müller','Novak','Rossi','García','Jansen','Kowalski','Dubois','Nielsen','Silva','Yilmaz',
                        'Andersson','Fischer','Costa','Horvat','Ivanova','Weber','Moreau','Bakker','Lindqvist','Papadopoulos',
                        'Kovač','O''Brien','Virtanen','Schulz','Meier','Tanaka','Chen','Okafor','Haddad'])
                   [1 + floor(random() * 30)::int] AS last,
                 (ARRAY['Hosting','Media','Labs','Systems','Digital','Consulting','Logistics','Games','Analytics','Studio'])
                   [1 + floor(random() * 10)::int] || ' ' || (ARRAY['GmbH','Ltd','BV','SAS','AB','Oy','S.r.l.','Inc.'])
                   [1 + floor(random() * 8)::int] AS company,
                 (ARRAY['example.com','example.net','example.org','mail.example','inbox.example','corp.example'])
                   [1 + floor(random() * 6)::int] AS domain,
                 (ARRAY['49','31','33','39','44','46','358','48'])[1 + floor(random() * 8)::int] AS prefix,
                 now() - random() * interval '1095 days' AS born
          WHERE g IS NOT NULL
        ) x
        """

    /// $1 orders in the batch, $2 customer pool size, $3 product count. Exact totals:
    /// the sum of (unit price + setup fee) × quantity over the items, as the order use case computes it.
    private static let ordersSQL = """
        WITH o AS MATERIALIZED (
          SELECT nextval('orders_id_seq') AS id, c.id AS customer_id, x.born, x.lines,
                 CASE WHEN x.rs < 0.12 THEN 'pending' WHEN x.rs < 0.22 THEN 'paid' WHEN x.rs < 0.80 THEN 'active'
                      WHEN x.rs < 0.95 THEN 'cancelled' ELSE 'refunded' END AS status
          FROM (SELECT 1 + floor(power(random(), 1.6) * $2)::int AS pick, random() AS rs,
                       now() - random() * interval '1095 days' AS born,
                       (ARRAY[1, 1, 1, 1, 1, 1, 2, 2, 2, 3])[1 + floor(random() * 10)::int] AS lines
                FROM generate_series(1, $1::int)) x
          JOIN seed_customers c ON c.n = x.pick
        ),
        l AS MATERIALIZED (
          SELECT nextval('order_items_id_seq') AS id, y.order_id, p.id AS product_id, y.qty, p.setup_fee, y.os,
                 CASE WHEN y.rc < 0.6 OR (y.rc < 0.75 AND p.price_quarterly IS NULL) OR (y.rc >= 0.75 AND p.price_yearly IS NULL)
                      THEN 'monthly' WHEN y.rc < 0.75 THEN 'quarterly' ELSE 'yearly' END AS cycle,
                 p.price_monthly, p.price_quarterly, p.price_yearly
          FROM (SELECT o.id AS order_id, 1 + floor(random() * $3)::int AS pp, random() AS rc,
                       CASE WHEN random() < 0.8 THEN 1 ELSE 2 + floor(random() * 4)::int END AS qty,
                       (ARRAY['debian-12','ubuntu-24.04','ubuntu-22.04','rocky-9','almalinux-9'])[1 + floor(random() * 5)::int] AS os
                FROM o CROSS JOIN LATERAL generate_series(1, o.lines) k) y
          JOIN seed_products p ON p.n = y.pp
        ),
        li AS (
          SELECT l.*, CASE l.cycle WHEN 'quarterly' THEN l.price_quarterly WHEN 'yearly' THEN l.price_yearly ELSE l.price_monthly END AS unit_price
          FROM l
        ),
        t AS (SELECT order_id, sum((unit_price + setup_fee) * qty) AS total FROM li GROUP BY order_id),
        ins_o AS (
          INSERT INTO orders (id, customer_id, status, currency, total, created_by, created_at, updated_at, paid_at, cancelled_at, refunded_at)
          SELECT o.id, o.customer_id, o.status, 'EUR', t.total, o.customer_id, o.born, o.born + interval '3 days',
                 CASE WHEN o.status IN ('paid', 'active', 'refunded') THEN o.born + random() * interval '2 days' END,
                 CASE WHEN o.status = 'cancelled' THEN o.born + interval '1 day' END,
                 CASE WHEN o.status = 'refunded' THEN o.born + interval '3 days' END
          FROM o JOIN t ON t.order_id = o.id
          RETURNING id, status, total, paid_at
        ),
        ins_i AS (
          INSERT INTO order_items (id, order_id, product_id, billing_cycle, quantity, unit_price, setup_fee, operating_system)
          SELECT id, order_id, product_id, cycle, qty, unit_price, setup_fee, os FROM li
          RETURNING 1
        ),
        ins_p AS (
          INSERT INTO payments (order_id, amount, currency, method, reference, created_at)
          SELECT id, total, 'EUR', (ARRAY['card','bank_transfer','paypal','sepa_debit'])[1 + (id % 4)::int], 'SEED-' || id, paid_at
          FROM ins_o WHERE paid_at IS NOT NULL
          RETURNING 1
        )
        SELECT (SELECT count(*) FROM ins_o)::bigint AS orders, (SELECT count(*) FROM ins_i)::bigint AS items,
               (SELECT count(*) FROM ins_p)::bigint AS payments
        """

    /// This run's servers from orders become services: cycle and price from their order line, the
    /// day they were made as the anchor, paid through the end of the period that holds today
    /// (terminated ones `cancelled`), so `vpsctl billing run --now` a month or more ahead has work.
    private static let billingSQL = """
        UPDATE server_instances s SET billing_cycle = b.billing_cycle, recurring_amount = b.unit_price, currency = 'EUR',
               billing_anchor = b.anchor, next_due_date = b.paid, invoiced_until = b.paid,
               billing_status = CASE WHEN s.status = 'terminated' THEN 'cancelled' ELSE 'current' END
        FROM (SELECT x.id, x.billing_cycle, x.unit_price, x.anchor,
                     (x.anchor + make_interval(months => x.m * (((extract(year FROM current_date)::int - extract(year FROM x.anchor)::int) * 12
                        + extract(month FROM current_date)::int - extract(month FROM x.anchor)::int) / x.m + 1)))::date AS paid
              FROM (SELECT s2.id, i.billing_cycle, i.unit_price, s2.created_at::date AS anchor,
                           CASE i.billing_cycle WHEN 'monthly' THEN 1 WHEN 'quarterly' THEN 3 ELSE 12 END AS m
                    FROM server_instances s2 JOIN order_items i ON i.id = s2.order_item_id WHERE s2.id > $1) x) b
        WHERE s.id = b.id
        """

    /// Servers built from this run's active order items: $1 servers, $2 items in the pool.
    private static let serversFromItemsSQL = """
        SELECT nextval('server_instances_id_seq') AS id, i.customer_id, i.order_id, i.item_id, i.product_id,
               i.born + random() * interval '6 hours' AS born, x.rs, x.r2, x.r3
        FROM (SELECT 1 + floor(random() * $2)::int AS pick, random() AS rs, random() AS r2, random() AS r3
              FROM generate_series(1, $1::int)) x
        JOIN seed_items i ON i.n = x.pick
        """

    /// Servers without orders (staff-provisioned): $1 servers, $2 customer pool size, $3 product count.
    private static let serversDirectSQL = """
        SELECT nextval('server_instances_id_seq') AS id, c.id AS customer_id, NULL::bigint AS order_id, NULL::bigint AS item_id,
               p.id AS product_id, now() - x.rs2 * interval '1095 days' AS born, x.rs, x.r2, x.r3
        FROM (SELECT 1 + floor(power(random(), 1.6) * $2)::int AS pick, 1 + floor(random() * $3)::int AS pp,
                     random() AS rs, random() AS r2, random() AS r3, random() AS rs2
              FROM generate_series(1, $1::int)) x
        JOIN seed_customers c ON c.n = x.pick JOIN seed_products p ON p.n = x.pp
        """

    /// One INSERT of servers from `source` (columns id, customer_id, order_id, item_id, product_id,
    /// born, rs, r2, r3): mostly active, addresses in 100.64.0.0/10 derived from the id.
    static func serverInsertSQL(source: String) -> String {
        """
        WITH src AS MATERIALIZED (\(source))
        INSERT INTO server_instances (id, customer_id, order_id, order_item_id, product_id, provisioning_module, hostname, ip_address,
            ip_addresses, mac_address, cpu_cores, ram_gb, storage_gb, storage_type, bandwidth_tb, status, suspension_reason, failure_reason,
            provisioned_at, suspended_at, terminated_at, provider, provider_server_id, operating_system, os_version, datacenter_location,
            region, created_at, updated_at)
        SELECT src.id, src.customer_id, src.order_id, src.item_id, p.id, p.provisioning_module,
               (ARRAY['web','app','db','cache','mail','vpn','ci','git','api','k8s-node','edge','backup','game','proxy','worker'])
                 [1 + floor(src.r2 * 15)::int] || '-' || src.id || '.'
                 || (ARRAY['example.com','example.net','example.org','shop.example','cloud.example','dev.example'])[1 + floor(src.r3 * 6)::int],
               CASE WHEN st.built THEN st.ip ELSE '' END,
               CASE WHEN st.built THEN ARRAY[st.ip] ELSE '{}'::text[] END,
               CASE WHEN st.built THEN '52:54:00:' || lpad(to_hex((src.id >> 16) & 255), 2, '0') || ':'
                    || lpad(to_hex((src.id >> 8) & 255), 2, '0') || ':' || lpad(to_hex(src.id & 255), 2, '0') ELSE '' END,
               p.cpu_cores, p.ram_gb, p.storage_gb, p.storage_type, p.bandwidth_tb, st.status,
               CASE WHEN st.status = 'suspended' THEN (ARRAY['Unpaid invoice','Abuse report','Requested by the customer'])[1 + (src.id % 3)::int] ELSE '' END,
               CASE WHEN st.status = 'failed' THEN (ARRAY['Provider API timed out','No capacity left in the location'])[1 + (src.id % 2)::int] ELSE '' END,
               CASE WHEN st.built THEN src.born + interval '5 minutes' END,
               CASE WHEN st.status = 'suspended' THEN src.born + (now() - src.born) * src.r3 END,
               CASE WHEN st.status = 'terminated' THEN src.born + (now() - src.born) * src.r3 END,
               p.provider, CASE WHEN st.built THEN p.provisioning_module || '-' || src.id ELSE '' END,
               (ARRAY['debian-12','ubuntu-24.04','ubuntu-22.04','rocky-9','almalinux-9','debian-11','windows-2022'])[1 + (src.id % 7)::int],
               '', coalesce(p.available_locations[1 + floor(src.r3 * cardinality(p.available_locations))::int], p.datacenter_location),
               p.region, src.born, src.born
        FROM src JOIN products p ON p.id = src.product_id
        CROSS JOIN LATERAL (
          SELECT s.status, s.status IN ('active', 'suspended', 'terminated') AS built,
                 '100.' || (64 + ((src.id % 4194304) >> 16)) || '.' || ((src.id >> 8) & 255) || '.' || (src.id & 255) AS ip
          FROM (SELECT CASE WHEN src.rs < 0.80 THEN 'active' WHEN src.rs < 0.86 THEN 'suspended' WHEN src.rs < 0.93 THEN 'terminated'
                            WHEN src.rs < 0.96 THEN 'failed' WHEN src.rs < 0.98 THEN 'provisioning' ELSE 'pending_provisioning' END AS status) s
        ) st
        """
    }
}
