import Foundation
import Postgres

/// State changes of a server, each through the state machine and audited; shared by the
/// job runner and the manual task queue.
public enum ServerLifecycle {
    /// Records what a build produced (secrets sealed at once; addresses that are not IP
    /// addresses are dropped) and makes the server active.
    static func applyBuild(
        instanceID: Int, details: ServerDetails, actor: Actor, secrets: ServerSecrets, on connection: PostgresConnection, origin: RequestOrigin
    ) throws {
        guard let before = try Instances.find(id: instanceID, on: connection, lock: true) else { throw DomainError.notFound("No server \(instanceID).") }
        _ = try before.status.moving(to: .active)
        let ip = details.ipAddress.flatMap { IPAddress.isValid($0) ? $0 : nil }
        let addresses = details.ipAddresses?.filter(IPAddress.isValid)
        let rootPassword = try secrets.seal(details.rootPassword, column: "root_password", instanceID: instanceID)
        let panelPassword = try secrets.seal(details.controlPanelPassword, column: "control_panel_password", instanceID: instanceID)
        try connection.query(
            """
            UPDATE server_instances SET status = 'active', provisioned_at = now(), failure_reason = '',
                   hostname = coalesce(nullif(\(details.hostname?.lowercased()), ''), hostname),
                   ip_address = coalesce(nullif(\(ip), ''), ip_address), ip_addresses = coalesce(\(addresses)::text[], ip_addresses),
                   mac_address = coalesce(nullif(\(details.macAddress), ''), mac_address),
                   provider_server_id = coalesce(nullif(\(details.providerServerID), ''), provider_server_id),
                   root_password = coalesce(\(rootPassword), root_password), ssh_port = coalesce(\(details.sshPort), ssh_port),
                   control_panel_url = coalesce(nullif(\(details.controlPanelURL), ''), control_panel_url),
                   control_panel_type = coalesce(nullif(\(details.controlPanelType), ''), control_panel_type),
                   control_panel_username = coalesce(nullif(\(details.controlPanelUsername), ''), control_panel_username),
                   control_panel_password = coalesce(\(panelPassword), control_panel_password),
                   operating_system = coalesce(nullif(\(details.operatingSystem), ''), operating_system),
                   os_version = coalesce(nullif(\(details.osVersion), ''), os_version),
                   version = version + 1, updated_at = now()
            WHERE id = \(instanceID)
            """)
        try audit(before, action: "server.provisioned", actor: actor, on: connection, origin: origin)
        // A link to the server's page, never its passwords.
        let name = details.hostname.map { $0.isEmpty ? before.hostname : $0.lowercased() } ?? before.hostname
        try Notify.user("server.active", key: "server.active:\(instanceID)", customerID: before.customerID,
                        values: try ServerNotices.values(before, hostname: name, on: connection), on: connection)
        try WebhookEvents.emit("server.active", key: "\(instanceID):\(before.version + 1)", data: [
            "server_id": instanceID, "customer_id": before.customerID, "order_id": before.orderID, "status": "active",
        ], on: connection)
        if let orderID = before.orderID { try activateOrderIfComplete(orderID, on: connection, origin: origin) }
    }

    /// Records what a successful module action `job` did, in the transaction that marks it done:
    /// the server's new state, or an audit record of an action that keeps it (and, for a reboot,
    /// the customer's "reboot done" message, once per job).
    static func completed(_ job: Job, on connection: PostgresConnection, origin: RequestOrigin) throws {
        try apply(job.action, instanceID: job.instanceID, actor: .system, on: connection, origin: origin)
        guard job.action.resultingStatus == nil else { return }
        try AuditLog.record(on: connection, actor: .system, action: "server.\(job.action.rawValue)", targetType: "server",
                            targetID: String(job.instanceID), origin: origin)
        if job.action == .reboot, let server = try Instances.find(id: job.instanceID, on: connection) {
            try ServerNotices.rebooted(server, jobID: job.id, on: connection)
        }
    }

    /// Moves the server to `status` after a successful action (and tells its customer).
    static func apply(_ action: ServerAction, instanceID: Int, actor: Actor, on connection: PostgresConnection, origin: RequestOrigin) throws {
        guard let next = action.resultingStatus else { return }
        guard let before = try Instances.find(id: instanceID, on: connection, lock: true) else { throw DomainError.notFound("No server \(instanceID).") }
        _ = try before.status.moving(to: next)
        let stamp: String
        switch next {
        case .suspended: stamp = ", suspended_at = now()"
        case .terminated: stamp = ", terminated_at = now()"
        case .active: stamp = ", suspended_at = NULL, suspension_reason = '', suspended_for = '', suspended_invoice_id = NULL"
        default: stamp = ""
        }
        try connection.query(
            "UPDATE server_instances SET status = $2\(stamp), version = version + 1, updated_at = now() WHERE id = $1", [instanceID, next.rawValue])
        try audit(before, action: "server.\(action.rawValue)", actor: actor, on: connection, origin: origin)
        let event = next == .active ? "server.unsuspended" : next == .suspended ? "server.suspended" : next == .terminated ? "server.terminated" : nil
        if let event {
            try WebhookEvents.emit(event, key: "\(instanceID):\(before.version + 1)", data: [
                "server_id": instanceID, "customer_id": before.customerID, "order_id": before.orderID, "status": next.rawValue,
            ], on: connection)
        }
        try ServerNotices.moved(before, to: next, on: connection)
    }

    /// Marks a build failed with a reason the admin can read (retry is a staff action).
    static func markFailed(instanceID: Int, reason: String, actor: Actor, on connection: PostgresConnection, origin: RequestOrigin) throws {
        guard let before = try Instances.find(id: instanceID, on: connection, lock: true) else { return }
        guard before.status.canMove(to: .failed) else { return }
        try connection.query(
            "UPDATE server_instances SET status = 'failed', failure_reason = $2, version = version + 1, updated_at = now() WHERE id = $1",
            [instanceID, String(reason.prefix(1000))])
        try audit(before, action: "server.failed", actor: actor, on: connection, origin: origin)
    }

    /// Moves a build to `provisioning` when its job starts (automated modules).
    static func startBuild(instanceID: Int, on connection: PostgresConnection) throws {
        try connection.query(
            "UPDATE server_instances SET status = 'provisioning', failure_reason = '', updated_at = now() WHERE id = $1 AND status IN ('pending_provisioning', 'failed')",
            [instanceID])
    }

    /// A paid order turns active once every one of its servers is.
    static func activateOrderIfComplete(_ orderID: Int, on connection: PostgresConnection, origin: RequestOrigin) throws {
        let counts = try connection.query(
            """
            SELECT count(*) AS total, count(*) FILTER (WHERE status = 'active') AS active,
                   (SELECT status FROM orders WHERE id = $1 FOR UPDATE) AS order_status
            FROM server_instances WHERE order_id = $1
            """, [orderID])[0]
        guard try counts.decode(String?.self, "order_status") == OrderStatus.paid.rawValue,
            try counts.decode(Int.self, "total") == counts.decode(Int.self, "active")
        else { return }
        guard let before = try Orders.find(id: orderID, on: connection) else { return }
        try connection.query("UPDATE orders SET status = 'active', version = version + 1, updated_at = now() WHERE id = $1", [orderID])
        let after = try Orders.find(id: orderID, on: connection)
        try AuditLog.record(on: connection, actor: .system, action: "order.activated", targetType: "order", targetID: String(orderID),
                            before: before, after: after, origin: origin)
    }

    private static func audit(_ before: ServerInstance, action: String, actor: Actor, on connection: PostgresConnection, origin: RequestOrigin) throws {
        let after = try Instances.find(id: before.id, on: connection)
        try AuditLog.record(on: connection, actor: actor, action: action, targetType: "server", targetID: String(before.id),
                            before: before, after: after, origin: origin)
    }
}
