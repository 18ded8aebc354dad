import Foundation
import Postgres

/// Staff edits of a server's recorded details (`PUT …/instances/{id}`); status changes go
/// through actions instead. Passwords given here are sealed before they are stored.
public enum InstanceEdits {
    /// Fields as text; absent fields stay as they are.
    public struct Input: Sendable {
        public var scalars: [String: String] = [:]
        public var ipAddresses: [String]?

        public init() {}

        public static let fields = [
            "hostname", "ip_address", "mac_address", "ssh_port", "operating_system", "os_version", "datacenter_location", "region",
            "notes", "control_panel_url", "control_panel_type", "control_panel_username", "provider_server_id", "suspension_reason",
            "root_password", "control_panel_password",
        ]
    }

    public static func update(
        id: Int, expectedVersion: Int, _ input: Input, by staff: User, secrets: ServerSecrets, on connection: PostgresConnection, origin: RequestOrigin
    ) throws -> ServerInstance {
        var check = FieldChecker(input.scalars.mapValues { Optional($0) })
        let hostname = check.text("hostname", max: 253)
        let ip = check.text("ip_address", max: 45)
        let mac = check.text("mac_address", max: 17)
        let port = check.integer("ssh_port", range: 1...65535)
        let limits = ["operating_system": 100, "os_version": 50, "datacenter_location": 100, "region": 50, "notes": 5000,
                      "control_panel_url": 255, "control_panel_type": 50, "control_panel_username": 100, "provider_server_id": 100,
                      "suspension_reason": 500]
        var values: [String: String?] = [:]
        for (field, limit) in limits { values[field] = check.text(field, max: limit) }
        let rootPassword = check.text("root_password", max: 200)
        let panelPassword = check.text("control_panel_password", max: 200)
        var issues = check.issues
        if let hostname, !Hostname.isValid(hostname) { issues.append(FieldIssue(field: "hostname", message: "must be a host name like web1.example.com")) }
        if let ip, !IPAddress.isValid(ip) { issues.append(FieldIssue(field: "ip_address", message: "must be an IPv4 or IPv6 address")) }
        if let list = input.ipAddresses, list.count > 64 || list.contains(where: { !IPAddress.isValid($0) }) {
            issues.append(FieldIssue(field: "ip_addresses", message: "must be a list of at most 64 IP addresses"))
        }
        guard issues.isEmpty else { throw DomainError.validation(issues) }
        return try connection.transaction { connection in
            guard let before = try Instances.find(id: id, on: connection, lock: true) else { throw DomainError.notFound("No server \(id).") }
            guard before.version == expectedVersion else { throw StaleVersion.server(before) }
            let sealedRoot = try secrets.seal(rootPassword, column: "root_password", instanceID: id)
            let sealedPanel = try secrets.seal(panelPassword, column: "control_panel_password", instanceID: id)
            try connection.query(
                """
                UPDATE server_instances SET hostname = coalesce(\(hostname?.lowercased()), hostname), ip_address = coalesce(\(ip), ip_address),
                  ip_addresses = coalesce(\(input.ipAddresses)::text[], ip_addresses), mac_address = coalesce(\(mac), mac_address),
                  ssh_port = coalesce(\(port), ssh_port),
                  operating_system = coalesce(\(values["operating_system"] ?? nil), operating_system),
                  os_version = coalesce(\(values["os_version"] ?? nil), os_version),
                  datacenter_location = coalesce(\(values["datacenter_location"] ?? nil), datacenter_location),
                  region = coalesce(\(values["region"] ?? nil), region), notes = coalesce(\(values["notes"] ?? nil), notes),
                  control_panel_url = coalesce(\(values["control_panel_url"] ?? nil), control_panel_url),
                  control_panel_type = coalesce(\(values["control_panel_type"] ?? nil), control_panel_type),
                  control_panel_username = coalesce(\(values["control_panel_username"] ?? nil), control_panel_username),
                  provider_server_id = coalesce(\(values["provider_server_id"] ?? nil), provider_server_id),
                  suspension_reason = coalesce(\(values["suspension_reason"] ?? nil), suspension_reason),
                  root_password = coalesce(\(sealedRoot), root_password), control_panel_password = coalesce(\(sealedPanel), control_panel_password),
                  version = version + 1, updated_at = now()
                WHERE id = \(id)
                """)
            let after = try Instances.find(id: id, on: connection)!
            try AuditLog.record(on: connection, actor: Actor(staff), action: "server.updated", targetType: "server", targetID: String(id),
                                before: before, after: after, origin: origin)
            return after
        }
    }
}
