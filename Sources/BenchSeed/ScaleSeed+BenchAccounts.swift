import Foundation
import Domain
import Postgres

/// The bench staff member and the bench customer (exactly 10 active servers), the
/// credentials `make bench` uses, and clearing the jobs its reboot case queued.
extension ScaleSeed {
    /// The two bench accounts; passwords and the TOTP secret only when they were made now.
    public struct BenchAccounts: Sendable {
        public var staff: User
        public var customer: User
        public var created: Bool
        public var password: String?
        public var staffTOTPSecret: String?
    }

    /// What `vpsctl seed --bench-tokens FILE` writes.
    public struct BenchCredentials: Sendable, Encodable {
        public var staffID: Int
        public var staffToken: String
        public var staffCookie: String
        public var customerID: Int
        public var customerToken: String
        public var customerCookie: String
        public var customerServers: Int
        public var rebootServerIDs: [Int]

        enum CodingKeys: String, CodingKey {
            case staffID = "staff_id", staffToken = "staff_token", staffCookie = "staff_cookie", customerID = "customer_id"
            case customerToken = "customer_token", customerCookie = "customer_cookie", customerServers = "customer_servers"
            case rebootServerIDs = "reboot_server_ids"
        }
    }

    /// Makes the bench accounts when they are missing (once): staff enrolled in 2FA with a sealed
    /// random secret, the customer with one active order of 10 servers. Both get `password`.
    public static func ensureBenchAccounts(
        password: String, twoFactor: TwoFactor, on connection: PostgresConnection
    ) throws -> BenchAccounts {
        if let staff = try Users.find(email: staffEmail, on: connection), let customer = try Users.find(email: customerEmail, on: connection) {
            return BenchAccounts(staff: staff, customer: customer, created: false)
        }
        var staff = try Users.find(email: staffEmail, on: connection)
        var secret: String?
        if staff == nil {
            let user = try Users.create(
                on: connection, email: staffEmail, name: "Bench Staff", password: password, role: .staff, actor: .commandLine, origin: .commandLine)
            secret = try twoFactor.pendingEnrolment(for: user, on: connection).secretBase32
            try connection.query("UPDATE users SET totp_enabled_at = now() WHERE id = $1", [user.id])
            staff = try Users.find(id: user.id, on: connection)
        }
        var customer = try Users.find(email: customerEmail, on: connection)
        if customer == nil {
            let user = try Users.create(
                on: connection, email: customerEmail, name: "Bench Customer", password: password, role: .customer,
                actor: .commandLine, origin: .commandLine)
            try giveServers(to: user, on: connection)
            customer = user
        }
        guard let staff, let customer else { throw DomainError.conflict("The bench accounts could not be made.") }
        return BenchAccounts(staff: staff, customer: customer, created: true, password: password, staffTOTPSecret: secret)
    }

    /// One active, paid order of `benchCustomerServers` units of the cheapest active product, and its active servers.
    private static func giveServers(to customer: User, on connection: PostgresConnection) throws {
        try connection.transaction { connection in
            guard let product = try connection.query(
                "SELECT id FROM products WHERE is_active ORDER BY (provisioning_module = 'demo') DESC, price_monthly, id LIMIT 1").firstRow
            else { throw DomainError.conflict("There are no active products for the bench customer's servers.") }
            let productID = try product.decode(Int.self, "id")
            let order = try connection.query(
                """
                INSERT INTO orders (customer_id, status, total, created_by, paid_at, notes)
                SELECT $1, 'active', (price_monthly + setup_fee) * $3, $1, now(), 'Bench customer: servers for make bench'
                FROM products WHERE id = $2 RETURNING id, total
                """, [customer.id, productID, benchCustomerServers])[0]
            let orderID = try order.decode(Int.self, "id")
            let item = try connection.query(
                """
                INSERT INTO order_items (order_id, product_id, billing_cycle, quantity, unit_price, setup_fee, operating_system)
                SELECT $1, id, 'monthly', $3, price_monthly, setup_fee, 'debian-12' FROM products WHERE id = $2 RETURNING id
                """, [orderID, productID, benchCustomerServers])[0].decode(Int.self, "id")
            try connection.query(
                "INSERT INTO payments (order_id, amount, currency, method, reference) SELECT id, total, currency, 'bank_transfer', 'SEED-' || id FROM orders WHERE id = $1",
                [orderID])
            let source = """
                SELECT nextval('server_instances_id_seq') AS id, $1::bigint AS customer_id, $2::bigint AS order_id, $3::bigint AS item_id,
                       $4::bigint AS product_id, now() - interval '30 days' AS born, 0.0::float8 AS rs, random() AS r2, random() AS r3
                FROM generate_series(1, $5::int)
                """
            try connection.query(serverInsertSQL(source: source), [customer.id, orderID, item, productID, benchCustomerServers])
        }
    }

    /// Fresh tokens and sessions for both bench accounts (earlier bench ones are revoked and
    /// ended), and up to `limit` active servers (not the bench customer's) in random order.
    public static func benchCredentials(limit: Int = 60_000, on connection: PostgresConnection) throws -> BenchCredentials {
        guard let staff = try Users.find(email: staffEmail, on: connection), let customer = try Users.find(email: customerEmail, on: connection) else {
            throw DomainError.notFound("There are no bench accounts yet; run `vpsctl seed --customers N --servers M --orders K` first.")
        }
        let origin = RequestOrigin(address: "127.0.0.1", userAgent: "vpsctl seed --bench-tokens")
        try connection.query(
            "UPDATE api_tokens SET revoked_at = now() WHERE user_id IN ($1, $2) AND name = 'bench' AND revoked_at IS NULL", [staff.id, customer.id])
        try connection.query(
            "UPDATE sessions SET ended_at = now() WHERE user_id IN ($1, $2) AND user_agent = $3 AND ended_at IS NULL",
            [staff.id, customer.id, origin.userAgent])
        let staffToken = try APITokens.issue(on: connection, user: staff, name: "bench", scope: .write, actor: .commandLine, origin: .commandLine)
        let customerToken = try APITokens.issue(on: connection, user: customer, name: "bench", scope: .write, actor: .commandLine, origin: .commandLine)
        let ids = try connection.query(
            "SELECT id FROM server_instances WHERE status = 'active' AND customer_id <> $1 ORDER BY random() LIMIT $2", [customer.id, limit]
        ).map { try $0.decode(Int.self, "id") }
        let servers = try connection.query("SELECT count(*) AS n FROM server_instances WHERE customer_id = $1", [customer.id])[0]
            .decode(Int.self, "n")
        return BenchCredentials(
            staffID: staff.id, staffToken: staffToken.token,
            staffCookie: try Sessions.start(on: connection, user: staff, stage: .full, origin: origin),
            customerID: customer.id, customerToken: customerToken.token,
            customerCookie: try Sessions.start(on: connection, user: customer, stage: .full, origin: origin),
            customerServers: servers, rebootServerIDs: ids)
    }

    /// Deletes every job the bench staff member requested (with their attempts, manual tasks
    /// and audit rows), so the reboot case starts clean; returns how many jobs went.
    @discardableResult
    public static func clearBenchJobs(on connection: PostgresConnection) throws -> Int {
        guard let staff = try Users.find(email: staffEmail, on: connection) else { return 0 }
        return try connection.transaction { connection in
            // The manual module opens its tasks without a job id: match them by server and time.
            try connection.query(
                """
                DELETE FROM manual_tasks t USING (SELECT instance_id, min(created_at) AS since FROM jobs WHERE requested_by = $1 GROUP BY instance_id) j
                WHERE t.instance_id = j.instance_id AND t.created_at >= j.since AND t.status = 'open'
                """, [staff.id])
            try connection.query(
                "DELETE FROM manual_tasks WHERE job_id IN (SELECT id FROM jobs WHERE requested_by = $1)", [staff.id])
            let jobs = try connection.query("DELETE FROM jobs WHERE requested_by = $1", [staff.id]).affectedRows
            try connection.query(
                "DELETE FROM audit_log WHERE actor_id = $1 AND action LIKE 'server.%_requested'", [staff.id])
            return jobs
        }
    }
}
