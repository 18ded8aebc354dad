import Foundation
import Postgres

/// `vpsctl payments install NAME`: gives a loadable gateway found in `VPS_MODULES_DIR/gateways`
/// its `payment_gateways` row — disabled, with no secrets. Nothing is ever enabled here: an admin
/// sets the webhook secret and enables it on `/admin/settings/payments` (2FA, audited).
public enum GatewayInstallation {
    /// The gateway's settings, and whether the row is new (installing twice changes nothing).
    public static func install(_ name: String, from directory: GatewayDirectory,
                               on connection: PostgresConnection) throws -> (settings: GatewaySettings, created: Bool) {
        guard !PaymentGateways.builtInNames.contains(name) else {
            throw DomainError.invalid("name", "\(name) is a built-in gateway; it needs no installing")
        }
        guard GatewayDirectory.isValidName(name) else {
            throw DomainError.invalid("name", "must match ^[a-z][a-z0-9_]{1,30}$ (no hyphens)")
        }
        guard directory.gateway(named: name) != nil else {
            throw DomainError.invalid("name", "no executable \(directory.path ?? "VPS_MODULES_DIR/gateways")/\(name)")
        }
        return try connection.transaction { connection in
            let created = try connection.query(
                "INSERT INTO payment_gateways (name, display_name) VALUES (\(name), \(name)) ON CONFLICT (name) DO NOTHING RETURNING name"
            ).count == 1
            let settings = try PaymentGateways.settings(named: name, on: connection)!
            if created {
                try AuditLog.record(on: connection, actor: .system, action: "payment_gateway.installed", targetType: "payment_gateway",
                                    targetID: name, after: settings, origin: .commandLine)
            }
            return (settings, created)
        }
    }
}
