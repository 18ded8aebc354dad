import Foundation
import Postgres

/// The gateway modules and their stored settings (`payment_gateways`). Secrets are sealed with
/// the portal's `SecretBox`, bound to the gateway and the column, and opened only to verify or sign.
public struct PaymentGateways: Sendable {
    /// The built-in modules; `stripe` joins this list.
    static let modules: [any PaymentGateway] = [ManualGateway(), DemoGateway()]

    public let box: SecretBox

    public init(box: SecretBox) {
        self.box = box
    }

    /// The module named `name`, or nil.
    static func module(named name: String) -> (any PaymentGateway)? {
        modules.first { $0.name == name }
    }

    /// Settings of gateway `name`, or nil when there is no such gateway.
    static func settings(named name: String, on connection: PostgresConnection) throws -> GatewaySettings? {
        try connection.query("SELECT \(unescaped: GatewaySettings.columns) FROM payment_gateways WHERE name = \(name)").firstRow
            .map(GatewaySettings.init(row:))
    }

    /// Every gateway with its settings (admins).
    public static func list(for caller: Caller) throws -> [GatewaySettings] {
        _ = try caller.admin()
        return try all(on: caller.connection)
    }

    /// The gateways a customer may pay with now, in name order.
    public static func enabled(on connection: PostgresConnection) throws -> [GatewaySettings] {
        try all(on: connection).filter(\.enabled)
    }

    static func all(on connection: PostgresConnection) throws -> [GatewaySettings] {
        try connection.query("SELECT \(unescaped: GatewaySettings.columns) FROM payment_gateways ORDER BY name").map(GatewaySettings.init(row:))
    }

    /// Gateway `name`'s webhook secret, opened; nil when none is set.
    func webhookSecret(of name: String, on connection: PostgresConnection) throws -> String? {
        guard let sealed = try connection.query("SELECT webhook_secret FROM payment_gateways WHERE name = \(name) AND webhook_secret IS NOT NULL")
            .firstRow?.decode(PostgresBytes.self, "webhook_secret") else { return nil }
        return try box.openText(sealed.bytes, context: Self.context(name, "webhook_secret"))
    }

    /// Seals `secret` as gateway `name`'s `column` (`webhook_secret` or `api_key`).
    func seal(_ secret: String, gateway name: String, column: String) throws -> PostgresBytes {
        PostgresBytes(try box.seal(secret, context: Self.context(name, column)))
    }

    private static func context(_ name: String, _ column: String) -> String { "payment_gateways.\(column):\(name)" }
}
