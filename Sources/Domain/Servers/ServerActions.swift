import Foundation
import Postgres

/// Requests for module actions on a server. Each becomes a queued job; the page or API
/// answers at once (202) and never waits on the provider.
public enum ServerActions {
    /// Reboots a customer may request per 10 minutes (all their servers together).
    public static let customerRebootLimit = 5

    /// Queues `action` on a server `caller` may see: staff any action, the owner a reboot
    /// (rate limited); one open job per server at a time.
    public static func request(_ action: ServerAction, instanceID: Int, by caller: Caller) throws -> Job {
        let user = try caller.signedIn()
        let origin = caller.origin
        return try caller.connection.transaction { connection in
            // One locked read answers both "may this caller see it" and "what state is it in".
            guard let locked = try Instances.find(id: instanceID, on: connection, lock: true), caller.maySee(customerID: locked.customerID)
            else { throw DomainError.notFound("No such server.") }
            let open = try connection.query(
                "SELECT id, action FROM jobs WHERE instance_id = $1 AND status IN ('queued', 'running') ORDER BY id LIMIT 1", [locked.id]
            ).firstRow.map { (action: ServerAction(rawValue: try $0.decode(String.self, "action")) ?? .status, id: try $0.decode(Int.self, "id")) }
            if !user.role.isStaff && action == .reboot { try checkCustomerRate(user, on: connection) }
            switch ActionAvailability.of(action, on: locked, openJob: open, for: user) {
            case .available: break
            case .notPermitted: throw DomainError.forbidden("Only staff can \(action.rawValue) a server.")
            case .blockedByStatus(.suspended) where action == .reboot:
                throw DomainError.conflict("The server is suspended; it cannot be rebooted until it is unsuspended.")
            case .blockedByStatus(let status):
                throw DomainError.conflict("The server is \(status.rawValue); \(action.rawValue) is not possible now.")
            case .jobUnderWay(let running, let jobID):
                throw DomainError.conflict("A \(running.rawValue) (job \(jobID)) is already under way for this server; wait for it to finish.")
            }
            let job = try Jobs.enqueue(action, instance: locked, requestedBy: Actor(user), on: connection)
            if action == .suspend {
                // A staff suspension is staff's to lift; a payment never lifts it.
                try connection.query("UPDATE server_instances SET suspended_for = 'staff', suspended_invoice_id = NULL WHERE id = \(locked.id)")
            }
            try AuditLog.record(on: connection, actor: Actor(user), action: "server.\(action.rawValue)_requested", targetType: "server",
                                targetID: String(locked.id), after: ["job": String(job.id)], origin: origin)
            return job
        }
    }

    /// A new server for a customer from a product, without an order (staff), with its build job.
    public static func provision(
        customerID: Int, productID: Int, hostname: String?, operatingSystem: String?, by staff: User, on connection: PostgresConnection,
        origin: RequestOrigin
    ) throws -> (server: ServerInstance, job: Job) {
        guard staff.role.isStaff else { throw DomainError.forbidden("Only staff provision servers directly.") }
        let hostname = (hostname ?? "").trimmingCharacters(in: .whitespaces).lowercased()
        guard hostname.isEmpty || Hostname.isValid(hostname) else { throw DomainError.invalid("hostname", "must be a host name like web1.example.com") }
        let os = (operatingSystem ?? "").trimmingCharacters(in: .whitespaces)
        guard os.count <= 100 else { throw DomainError.invalid("operating_system", "must be at most 100 characters") }
        return try connection.transaction { connection in
            guard let customer = try Users.find(id: customerID, on: connection), customer.role == .customer else {
                throw DomainError.invalid("customer_id", "is not a customer")
            }
            guard let product = try Products.find(id: productID, on: connection) else { throw DomainError.invalid("product_id", "is not a product") }
            let id = try connection.query(
                """
                INSERT INTO server_instances (customer_id, product_id, provisioning_module, hostname, cpu_cores, ram_gb, storage_gb,
                    storage_type, bandwidth_tb, operating_system, datacenter_location, region, provider)
                VALUES (\(customer.id), \(product.id), \(product.provisioningModule), \(hostname), \(product.cpuCores), \(product.ramGB),
                    \(product.storageGB), \(product.storageType), \(product.bandwidthTB), \(os), \(product.datacenterLocation), \(product.region),
                    \(product.provider))
                RETURNING id
                """)[0].decode(Int.self, "id")
            let server = try Instances.find(id: id, on: connection)!
            let job = try Jobs.enqueue(.provision, instance: server, requestedBy: Actor(staff), on: connection)
            try AuditLog.record(on: connection, actor: Actor(staff), action: "server.created", targetType: "server", targetID: String(id),
                                after: server, origin: origin)
            return (server, job)
        }
    }

    private static func checkCustomerRate(_ user: User, on connection: PostgresConnection) throws {
        let row = try connection.query(
            """
            SELECT count(*) AS n, min(created_at) AS oldest FROM (
              SELECT created_at FROM jobs WHERE requested_by = $1 AND action = 'reboot' AND created_at > now() - interval '10 minutes'
              ORDER BY created_at DESC LIMIT $2) recent
            """, [user.id, customerRebootLimit])[0]
        guard try row.decode(Int.self, "n") >= customerRebootLimit, let oldest = try row.decode(Date?.self, "oldest") else { return }
        throw DomainError.tooManyRequests(
            retryAfter: max(1, Int((600 - Date().timeIntervalSince(oldest)).rounded(.up))),
            "You have requested \(customerRebootLimit) reboots in the last 10 minutes; try again later.")
    }
}
