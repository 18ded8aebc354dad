import Domain

/// `/admin/settings/notifications` (admins): how email leaves — the transport, the SMTP server and
/// login (the password is write-only: the page says only whether one is set), the sender and the
/// portal address links point to. A change needs a current two-factor code.
public struct NotificationSettingsPage: PageModel {
    public let template = "admin/settings/notifications"
    public let title = "Notification settings"

    /// One text input.
    struct Field: Sendable {
        var name: String
        var id: String
        var label: String
        var value: String
        var error: String?
    }

    var transports: [SelectOption]
    var transportError: String?
    var securities: [SelectOption]
    var securityError: String?
    var fields: [Field]
    var passwordState: String
    var passwordError: String?
    var alert: String?
    var notice: String?
    var csrfToken: String

    /// The form for `settings`; after a refused change `typed` holds what was sent and `errors` its field issues.
    public init(_ settings: NotificationSettings, typed: [String: String] = [:], errors: [FieldIssue] = [], alert: String? = nil,
                notice: String? = nil, csrfToken: String) {
        let messages = FormErrors(errors)
        let transport = typed["transport"] ?? settings.transport.rawValue
        transports = NotificationSettings.Transport.allCases.map {
            SelectOption(value: $0.rawValue, label: $0 == .file ? "file (.eml files in var/mail)" : "smtp", selected: $0.rawValue == transport)
        }
        transportError = messages["transport"]
        let security = typed["smtp_security"] ?? settings.smtpSecurity.rawValue
        securities = NotificationSettings.Security.allCases.map {
            SelectOption(value: $0.rawValue, label: ["none": "none (plain)", "starttls": "STARTTLS (required)", "tls": "TLS (smtps)"][$0.rawValue],
                         selected: $0.rawValue == security)
        }
        securityError = messages["smtp_security"]
        let stored = ["smtp_host": settings.smtpHost, "smtp_port": String(settings.smtpPort), "smtp_username": settings.smtpUsername,
                      "from_name": settings.fromName, "from_address": settings.fromAddress, "portal_url": settings.portalURL]
        let labels = [("smtp_host", "SMTP host"), ("smtp_port", "SMTP port"), ("smtp_username", "SMTP username"), ("from_name", "From name"),
                      ("from_address", "From address"), ("portal_url", "Portal address for links (https://…)")]
        fields = labels.map { name, label in
            Field(name: name, id: "notify-" + name.replacingOccurrences(of: "_", with: "-"), label: label, value: typed[name] ?? stored[name] ?? "",
                  error: messages[name])
        }
        passwordState = settings.hasPassword ? "set" : "not set"
        passwordError = messages["smtp_password"]
        self.alert = alert
        self.notice = notice
        self.csrfToken = csrfToken
    }
}
