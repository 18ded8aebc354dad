import Foundation
import Postgres

/// The gateway modules and their stored settings (`payment_gateways`). Secrets are sealed with
/// the portal's `SecretBox`, bound to the gateway and the column, and opened only to verify or sign.
public struct PaymentGateways: Sendable {
    /// The built-in modules.
    static let modules: [any PaymentGateway] = [ManualGateway(), DemoGateway(), StripeGateway()]

    public let box: SecretBox
    /// The portal's public address (`VPS_BASE_URL`): absolute return URLs for hosted payment pages.
    public let baseURL: String?

    public init(box: SecretBox, baseURL: String? = nil) {
        self.box = box
        self.baseURL = baseURL
    }

    /// The built-in modules' names (a loadable gateway cannot take one).
    public static var builtInNames: [String] { modules.map(\.name) }

    /// The module named `name`: a built-in, else a loadable gateway in `VPS_MODULES_DIR/gateways`; or nil.
    static func module(named name: String) -> (any PaymentGateway)? {
        modules.first { $0.name == name } ?? GatewayDirectory.fromEnvironment().gateway(named: name)
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
        try opened("webhook_secret", of: name, on: connection)
    }

    /// Gateway `name`'s API key (Stripe's secret key), opened; nil when none is set.
    func apiKey(of name: String, on connection: PostgresConnection) throws -> String? {
        try opened("api_key", of: name, on: connection)
    }

    private func opened(_ column: String, of name: String, on connection: PostgresConnection) throws -> String? {
        guard let sealed = try connection.query(
            "SELECT \(unescaped: column) AS secret FROM payment_gateways WHERE name = \(name) AND \(unescaped: column) IS NOT NULL"
        ).firstRow?.decode(PostgresBytes.self, "secret") else { return nil }
        return try box.openText(sealed.bytes, context: Self.context(name, column))
    }

    /// Seals `secret` as gateway `name`'s `column` (`webhook_secret` or `api_key`).
    func seal(_ secret: String, gateway name: String, column: String) throws -> PostgresBytes {
        PostgresBytes(try box.seal(secret, context: Self.context(name, column)))
    }

    private static func context(_ name: String, _ column: String) -> String { "payment_gateways.\(column):\(name)" }
}
