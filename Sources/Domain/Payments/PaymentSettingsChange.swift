import Foundation
import Postgres

/// An admin changes a gateway's settings (2FA step-up, audited with hints, never secrets). Input
/// is text by field name; absent fields stay. An empty `webhook_secret` or `api_key` clears it.
public struct PaymentSettingsChange: Sendable {
    public let gateways: PaymentGateways
    public let twoFactor: TwoFactor

    public init(gateways: PaymentGateways, twoFactor: TwoFactor) {
        self.gateways = gateways
        self.twoFactor = twoFactor
    }

    /// The field names a gateway's settings take.
    public static let fields = ["enabled", "display_name", "webhook_secret", "api_key", "decline", "send_twice", "delay_seconds", "refuse_refunds", "api_base", "options"]

    /// Checks `input`, then saves it under `code`; returns the settings as saved.
    public func update(gateway name: String, _ input: [String: String], by caller: Caller, code: String?) throws -> GatewaySettings {
        let admin = try caller.admin()
        guard let before = try PaymentGateways.settings(named: name, on: caller.connection) else { throw DomainError.notFound("No such gateway.") }
        var after = before
        var issues: [FieldIssue] = []
        func flag(_ field: String) -> Bool? {
            guard let text = input[field] else { return nil }
            switch text.lowercased() {
            case "true", "on", "1": return true
            case "false", "off", "0", "": return false
            default: issues.append(FieldIssue(field: field, message: "must be true or false")); return nil
            }
        }
        if let enabled = flag("enabled") { after.enabled = enabled }
        if let display = input["display_name"]?.trimmingCharacters(in: .whitespaces) {
            if (1...80).contains(display.count) { after.displayName = display } else {
                issues.append(FieldIssue(field: "display_name", message: "must be 1 to 80 characters"))
            }
        }
        for secret in ["webhook_secret", "api_key"] where (input[secret]?.count ?? 0) > 500 {
            issues.append(FieldIssue(field: secret, message: "must be at most 500 characters"))
        }
        if name == "demo" {
            if let decline = flag("decline") { after.options["decline"] = .bool(decline) }
            if let twice = flag("send_twice") { after.options["send_twice"] = .bool(twice) }
            if let refuse = flag("refuse_refunds") { after.options["refuse_refunds"] = .bool(refuse) }
            if let text = input["delay_seconds"] {
                if let delay = Int(text.trimmingCharacters(in: .whitespaces)), (0...3600).contains(delay) {
                    after.options["delay_seconds"] = .number(Double(delay))
                } else {
                    issues.append(FieldIssue(field: "delay_seconds", message: "must be a whole number from 0 to 3600"))
                }
            }
        }
        if name == "stripe", let base = input["api_base"]?.trimmingCharacters(in: .whitespaces) {
            if base.isEmpty || ((base.hasPrefix("https://") || base.hasPrefix("http://")) && URL(string: base)?.host != nil && base.count <= 200) {
                after.options["api_base"] = base.isEmpty ? nil : .string(base)
            } else {
                issues.append(FieldIssue(field: "api_base", message: "must be an http(s) URL such as https://api.stripe.com"))
            }
        }
        if !PaymentGateways.builtInNames.contains(name), let text = input["options"] {
            if let options = Self.loadableOptions(text) { after.options = options } else {
                issues.append(FieldIssue(field: "options", message: "must be a JSON object of at most 4000 characters"))
            }
        }
        if after.enabled && name != "manual" && input["webhook_secret"] == "" {
            issues.append(FieldIssue(field: "webhook_secret", message: "an enabled gateway needs its webhook secret"))
        }
        guard issues.isEmpty else { throw DomainError.validation(issues) }
        let options = String(decoding: try JSONEncoder().encode(after.options), as: UTF8.self)
        return try StepUp.run(on: caller.connection, actor: admin, code: code, twoFactor: twoFactor, origin: caller.origin,
                              action: "payment_gateway.updated") { connection in
            try connection.query(
                """
                UPDATE payment_gateways SET enabled = \(after.enabled), display_name = \(after.displayName),
                       settings = \(options)::jsonb, updated_at = now() WHERE name = \(name)
                """)
            for column in ["webhook_secret", "api_key"] {
                guard let secret = input[column] else { continue }
                try store(secret, column: column, gateway: name, on: connection)
            }
            let saved = try PaymentGateways.settings(named: name, on: connection)!
            if saved.enabled && name != "manual" && saved.webhookSecretHint.isEmpty {
                throw DomainError.invalid("webhook_secret", "an enabled gateway needs its webhook secret")
            }
            try AuditLog.record(on: connection, actor: Actor(admin), action: "payment_gateway.updated", targetType: "payment_gateway",
                                targetID: name, before: before, after: saved, origin: caller.origin)
            return saved
        }
    }

    /// Enables `demo` with a fresh random webhook secret if it has none (`vpsctl seed`, test stacks);
    /// never called by a production path.
    public func enableDemo(on connection: PostgresConnection) throws {
        try connection.transaction { connection in
            if try gateways.webhookSecret(of: "demo", on: connection) == nil {
                try store(try SecureRandom.token(), column: "webhook_secret", gateway: "demo", on: connection)
            }
            try connection.query("UPDATE payment_gateways SET enabled = true, updated_at = now() WHERE name = 'demo'")
        }
    }

    /// Enables `stripe` with its API address and secrets from the operator's shell
    /// (`vpsctl payments configure-stripe`; test stacks point it at a fake). Audited, secrets as hints.
    public func configureStripe(apiBase: String, secretKey: String, webhookSecret: String, on connection: PostgresConnection) throws {
        guard apiBase.hasPrefix("https://") || apiBase.hasPrefix("http://"), !secretKey.isEmpty, !webhookSecret.isEmpty else {
            throw DomainError.invalid("api_base", "needs an http(s) address, a secret key and a webhook secret")
        }
        try connection.transaction { connection in
            try store(secretKey, column: "api_key", gateway: "stripe", on: connection)
            try store(webhookSecret, column: "webhook_secret", gateway: "stripe", on: connection)
            try connection.query(
                """
                UPDATE payment_gateways SET enabled = true, settings = settings || jsonb_build_object('api_base', \(apiBase)::text),
                       updated_at = now() WHERE name = 'stripe'
                """)
            try AuditLog.record(on: connection, actor: .system, action: "payment_gateway.updated", targetType: "payment_gateway",
                                targetID: "stripe", after: try PaymentGateways.settings(named: "stripe", on: connection), origin: .commandLine)
        }
    }

    /// A loadable gateway's free-form options: a JSON object (empty text clears them).
    static func loadableOptions(_ text: String) -> [String: JSONValue]? {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty { return [:] }
        guard trimmed.count <= 4000, case .object(let options)? = JSONValue.parse(trimmed) else { return nil }
        return options
    }

    private func store(_ secret: String, column: String, gateway name: String, on connection: PostgresConnection) throws {
        let sealed: PostgresBytes? = secret.isEmpty ? nil : try gateways.seal(secret, gateway: name, column: column)
        try connection.query(
            "UPDATE payment_gateways SET \(column) = $1, \(column)_hint = $2 WHERE name = $3",
            [sealed, GatewaySettings.hint(secret), name])
    }
}
