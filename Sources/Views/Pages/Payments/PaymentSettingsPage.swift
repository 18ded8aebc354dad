import Foundation
import Domain

/// `/admin/settings/payments` (admins): each gateway enabled or not, its name, its webhook secret
/// (shown only as a hint; typing one replaces it) and the demo gateway's behaviour. Each change
/// needs a current two-factor code.
public struct PaymentSettingsPage: PageModel {
    public let template = "admin/settings/payments"
    public let title = "Payment settings"

    struct GatewayForm: Sendable {
        var name: String
        var displayName: String
        var enabled: Bool
        var isDemo: Bool
        var isManual: Bool
        /// A loadable gateway (`VPS_MODULES_DIR/gateways`): API key and free-form options.
        var isLoadable: Bool
        var apiKeyHint: String
        var optionsJSON: String
        var webhookSecretHint: String
        var decline: Bool
        var sendTwice: Bool
        var refuseRefunds: Bool
        var delaySeconds: String
        var webhookURL: String
        var errors: [String]
    }

    var gateways: [GatewayForm]
    var alert: String?
    var notice: String?
    var csrfToken: String

    /// `refused` names the gateway whose change was refused, with `errors` its field issues.
    public init(_ settings: [GatewaySettings], refused: String? = nil, errors: [FieldIssue] = [], alert: String? = nil, notice: String? = nil,
                csrfToken: String) {
        gateways = settings.map { s in
            func flag(_ key: String) -> Bool { if case .bool(let value)? = s.options[key] { value } else { false } }
            var delay = "0"
            if case .number(let value)? = s.options["delay_seconds"] { delay = String(Int(value)) }
            return GatewayForm(name: s.name, displayName: s.displayName, enabled: s.enabled, isDemo: s.name == "demo", isManual: s.name == "manual",
                               isLoadable: !PaymentGateways.builtInNames.contains(s.name),
                               apiKeyHint: s.apiKeyHint.isEmpty ? "not set" : s.apiKeyHint, optionsJSON: Self.json(s.options),
                               webhookSecretHint: s.webhookSecretHint.isEmpty ? "not set" : s.webhookSecretHint,
                               decline: flag("decline"), sendTwice: flag("send_twice"), refuseRefunds: flag("refuse_refunds"), delaySeconds: delay,
                               webhookURL: "/webhooks/\(s.name)",
                               errors: s.name == refused ? errors.map { "\($0.field): \($0.message)" } : [])
        }
        self.alert = alert
        self.notice = notice
        self.csrfToken = csrfToken
    }

    static func json(_ options: [String: JSONValue]) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(JSONValue.object(options))).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }
}
